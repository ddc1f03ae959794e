// A tiny SMTP server for the browser tests: accepts every message on 127.0.0.1 and keeps it, with
// the subject (RFC 2047 encoded words) and the base64 text body decoded.

import net from 'node:net';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Decodes "=?UTF-8?B?…?=" words (adjacent words joined before decoding, so split characters survive). */
export function decodeHeader(value) {
  return value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=\s*)+/g, (run) => {
    const bytes = [];
    for (const [, , enc, text] of run.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
      if (enc.toUpperCase() === 'B') bytes.push(Buffer.from(text, 'base64'));
      else bytes.push(Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}

/** Splits a raw message into {headers (lower-case names), subject, to, text}. */
export function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const b64 = /base64/i.test(headers['content-transfer-encoding'] ?? '');
  const text = b64 ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { headers, subject: decodeHeader(headers.subject ?? ''), to: headers.to ?? '', text: text.replace(/\r\n/g, '\n') };
}

export class SmtpSink {
  constructor() {
    this.messages = []; // {from, rcpt: [], raw, subject, to, text, headers}
    this.server = net.createServer((socket) => this.#session(socket));
    this.port = 0;
  }

  async start() {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    this.url = `smtp://127.0.0.1:${this.port}`;
    return this;
  }

  async stop() {
    await new Promise((resolve) => this.server.close(resolve));
  }

  #session(socket) {
    socket.setEncoding('utf8');
    let buffer = '';
    let data = null; // collecting DATA when not null
    let envelope = { from: '', rcpt: [] };
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 sink.localhost ESMTP test sink');
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          const atStart = data === '' && buffer.startsWith('.\r\n');
          if (end < 0 && !atStart) return;
          const part = atStart ? '' : buffer.slice(0, end);
          buffer = buffer.slice(atStart ? 3 : end + 5);
          const raw = part.split('\r\n').map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          this.messages.push({ ...envelope, raw, ...parseMessage(raw) });
          envelope = { from: '', rcpt: [] };
          data = null;
          reply('250 2.0.0 Message accepted');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-sink.localhost\r\n250-8BITMIME\r\n250 SMTPUTF8');
        else if (verb === 'HELO') reply('250 sink.localhost');
        else if (verb === 'MAIL') {
          envelope = { from: line.replace(/^MAIL FROM:\s*/i, ''), rcpt: [] };
          reply('250 2.1.0 OK');
        } else if (verb === 'RCPT') {
          envelope.rcpt.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1'));
          reply('250 2.1.5 OK');
        } else if (verb === 'DATA') {
          data = '';
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        } else reply('250 OK'); // RSET, NOOP and anything else
      }
    });
  }

  /** Waits for `count` messages to rcpt (15 s at most); resolves them. */
  async waitFor(rcpt, count = 1, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.messages.filter((m) => m.rcpt.includes(rcpt));
      if (got.length >= count) return got;
      if (Date.now() > deadline) {
        throw new Error(`${got.length} of ${count} mail(s) for ${rcpt} reached the sink: ${this.messages.map((m) => `${m.rcpt} ${m.subject}`).join('; ')}`);
      }
      await sleep(100);
    }
  }
}
