// govchain console: verify a document, watch the ledger. Plain ES modules, no framework and no CDN: the
// service serves these files itself. The API key stays in this tab's sessionStorage and goes only to the
// service, as a Bearer header; documents never leave the browser (only their SHA-256 does).

const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem('govchain-key') ?? '', streams: [] };

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { authorization: `Bearer ${state.key}`, ...(options.headers ?? {}) },
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

function problemText(body) {
  return body && body.code ? `${body.code}: ${body.detail}` : 'the service did not answer';
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}

// ------------------------------------------------------------------ verify a document

async function sha256Hex(file) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

let chosenFile;

async function verify(event) {
  event.preventDefault();
  const error = $('verify-error');
  error.hidden = true;
  $('verify-result').hidden = true;
  const licenceId = $('licence-id').value.trim();
  if (chosenFile === undefined) {
    error.textContent = 'choose or drop the document first';
    error.hidden = false;
    return;
  }
  const fingerprint = await sha256Hex(chosenFile);
  const id = encodeURIComponent(licenceId);
  const verdict = await api(`/v1/e-license/licences/${id}/verification?fingerprint=${fingerprint}`);
  if (verdict.status !== 200) {
    error.textContent = problemText(verdict.body);
    error.hidden = false;
    return;
  }
  const v = verdict.body;
  $('fingerprint').textContent = fingerprint;
  $('verdict').textContent = v.result;
  $('verdict').className = `verdict ${v.result === 'VALID' ? 'VALID' : 'bad'}`;
  $('issuer').textContent = v.issuerMsp || '—';
  $('status').textContent = v.status ? `${v.status} (${v.statusReason})` : '—';
  $('validity').textContent = v.validFrom ? `${v.validFrom} – ${v.validUntil}` : '—';
  const history = await api(`/v1/e-license/licences/${id}/history`);
  const rows = $('history');
  rows.replaceChildren();
  for (const entry of history.status === 200 ? history.body : []) {
    const row = document.createElement('tr');
    cell(row, entry.timestamp);
    cell(row, entry.value ? entry.value.status : 'deleted');
    cell(row, entry.value ? entry.value.statusReason : '');
    cell(row, entry.submitterMsp);
    cell(row, entry.txId.slice(0, 12));
    rows.appendChild(row);
  }
  $('verify-result').hidden = false;
}

function setUpVerify() {
  $('verify-form').addEventListener('submit', (e) => void verify(e));
  $('document').addEventListener('change', (e) => {
    chosenFile = e.target.files[0];
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    chosenFile = e.dataTransfer.files[0];
    drop.firstChild.textContent = `${chosenFile.name} — `;
  });
}

// ------------------------------------------------------------------ ledger

async function refreshLedger() {
  const ledger = await api('/v1/ledger/transactions?count=10');
  const error = $('ledger-error');
  if (ledger.status !== 200) {
    error.textContent = problemText(ledger.body);
    error.hidden = false;
    return;
  }
  error.hidden = true;
  $('height').textContent = ledger.body.height;
  const rows = $('transactions');
  const known = new Set([...rows.querySelectorAll('tr')].map((r) => r.dataset.tx));
  rows.replaceChildren();
  for (const tx of ledger.body.transactions) {
    const row = document.createElement('tr');
    row.dataset.tx = tx.transactionId;
    row.dataset.testid = 'transaction-row';
    if (known.size > 0 && !known.has(tx.transactionId)) row.className = 'fresh';
    cell(row, tx.block);
    cell(row, tx.transactionId.slice(0, 16));
    cell(row, tx.chaincode);
    cell(row, tx.function);
    cell(row, tx.submitter);
    cell(row, tx.validationCode);
    rows.appendChild(row);
  }
}

/** Follows one chaincode's server-sent events (fetch, so the key can go in a header), resuming by id. */
async function follow(chaincode, signal) {
  let lastEventId;
  while (!signal.aborted) {
    try {
      const res = await fetch(`/v1/events?chaincode=${chaincode}`, {
        headers: { authorization: `Bearer ${state.key}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal,
      });
      if (res.status !== 200) throw new Error(`events: HTTP ${res.status}`);
      $('live').textContent = '● live';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.*)$/m.exec(block);
          if (id) {
            lastEventId = id[1];
            void refreshLedger();
          }
        }
      }
    } catch {
      if (signal.aborted) return;
      $('live').textContent = '○ reconnecting';
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function showLedger() {
  const ledger = await api('/v1/ledger');
  if (ledger.status === 200) $('channel').textContent = ledger.body.channel;
  await refreshLedger();
  if (state.streams.length === 0) {
    const controller = new AbortController();
    state.streams.push(controller);
    for (const chaincode of ['e-license', 'real-estate', 'bid-record']) void follow(chaincode, controller.signal);
  }
}

// ------------------------------------------------------------------ pages and key

function route() {
  const page = (location.hash.replace(/^#\//, '') || 'verify').split('/')[0];
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== `page-${page}`;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.page === page);
  if (page === 'ledger' && state.key !== '') void showLedger();
}

async function checkKey() {
  const res = await api('/v1/ledger');
  $('key-state').textContent = res.status === 200 ? `as ${res.body.mspId}` : problemText(res.body);
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  state.key = $('api-key').value.trim();
  sessionStorage.setItem('govchain-key', state.key);
  for (const stream of state.streams.splice(0)) stream.abort();
  void checkKey().then(route);
});
setUpVerify();
window.addEventListener('hashchange', route);
if (state.key !== '') void checkKey();
route();
