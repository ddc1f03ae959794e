// Operator console, second page: shops (operator-shops.js), services and plans
// (operator-services.js), the discontinuation of a service (operator-discontinue.js), the edits of
// services and plans (operator-edits.js), of shops (operator-shop-edit.js) and the
// publication of documents (operator-documents.js).

import { initPage } from './ui.js';
import { startConsole } from './operator-ui.js';
import { loadShops, setupShops } from './operator-shops.js';
import { loadServices, setupServices } from './operator-services.js';
import { fillDiscontinue, setupDiscontinue } from './operator-discontinue.js';
import { loadDocuments, setupDocuments } from './operator-documents.js';
import { fillEdits, setupEdits } from './operator-edits.js';
import { fillShopEdit, setupShopEdit } from './operator-shop-edit.js';

initPage();

async function reload() {
  const shops = await loadShops();
  const services = await loadServices(shops);
  fillDiscontinue(services);
  fillEdits(services);
  fillShopEdit(shops);
}

document.addEventListener('anshin:lang', () => {
  if (!document.getElementById('op-content').hidden) reload().catch(() => {});
});

startConsole(async () => {
  setupShops(reload);
  setupServices(reload);
  setupDiscontinue(reload);
  setupEdits(reload);
  setupShopEdit(reload);
  setupDocuments();
  await Promise.all([reload(), loadDocuments()]);
});
