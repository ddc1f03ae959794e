// A dialog built for one question (the reason for opening personal data, the password again):
// it is answered once, then closed and taken out of the page. Escape and its cancel button answer
// "cancelled"; nothing in it is chosen by default.

/** An element of such a dialog: attributes as given (strings), and its text when there is one. */
export function el(tag, attrs = {}, text = '') {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

/**
 * Wires the dialog's cancel paths and returns finish(answer), which closes and removes the
 * dialog, calls onDone (the caller forgets its open question there) and resolves the question
 * with answer. cancelSelector names the cancel button, cancelled is the answer it gives.
 */
export function settleDialog(dialog, cancelSelector, cancelled, resolve, onDone) {
  const finish = (answer) => {
    dialog.close();
    dialog.remove();
    onDone();
    resolve(answer);
  };
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    finish(cancelled);
  });
  dialog.querySelector(cancelSelector).addEventListener('click', () => finish(cancelled));
  return finish;
}
