// govchain console: verify a document, follow a transfer, watch tenders and the ledger. Plain ES modules, no
// framework and no CDN: the service serves these files itself. The API key stays in this tab's sessionStorage
// and goes only to the service, as a Bearer header; documents never leave the browser (only their SHA-256
// does). Identifiers typed into a page go only into the service's own routes, never into this page's URL.

const $ = (id) => document.getElementById(id);
const state = {
  key: sessionStorage.getItem('govchain-key') ?? '',
  /** The caller's department, from the service once a key is saved. */
  mspId: '',
  streams: [],
  /** Each chaincode's event stream: '● live', '○ reconnecting', or '' before it first connects. */
  live: {},
  /** Called with the chaincode's name on each of its events, and when a stream (re)connects. */
  listeners: [],
};

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

/** A table row with `data-testid` and one more data attribute naming what it shows. */
function rowOf(testid, name, value) {
  const row = document.createElement('tr');
  row.dataset.testid = testid;
  if (name) row.dataset[name] = value;
  return row;
}

/** The row of an empty table, e.g. "nothing awaits TaxMSP". */
function emptyRow(rows, columns, text, testid) {
  const row = rowOf(testid);
  cell(row, text).colSpan = columns;
  row.className = 'empty';
  rows.replaceChildren(row);
}

function showError(id, text) {
  $(id).textContent = text;
  $(id).hidden = text === '';
}

/** A button that looks like a link, for opening what a row names. */
function linkButton(text, testid, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.dataset.testid = testid;
  button.textContent = text;
  button.addEventListener('click', onClick);
  return button;
}

const short = (hex) => (hex ? `${hex.slice(0, 12)}…` : '—');
const or = (text, fallback = '—') => (text === '' || text === undefined || text === null ? fallback : String(text));
const yuan = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** An amount in fen (the chaincodes' unit) as yuan. */
const money = (fen) => `¥${yuan.format(fen / 100)}`;

/** Every record of a paginated route (`{ records, bookmark }`), at most 10 pages of 100. */
async function allPages(path) {
  const records = [];
  let bookmark = '';
  for (let page = 0; page < 10; page++) {
    const res = await api(`${path}?pageSize=100${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`);
    if (res.status !== 200) return { error: problemText(res.body) };
    records.push(...res.body.records);
    bookmark = res.body.bookmark;
    if (!bookmark) break;
  }
  return { records };
}

/** Runs `refresh` now, or once more after the run in flight: a burst of events costs at most two reads. */
function coalesced(refresh) {
  let running;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await refresh();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
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

const refreshLedgerSoon = coalesced(refreshLedger);

async function showLedger() {
  const ledger = await api('/v1/ledger');
  if (ledger.status === 200) $('channel').textContent = ledger.body.channel;
  await refreshLedgerSoon();
  pageReady('ledger');
}

// ------------------------------------------------------------------ transfer progress

const transfer = { applicationId: '', registry: '' };

/** The register's department (the real-estate role configuration's `propertyRegistry`), read once. */
async function registry() {
  if (transfer.registry === '') {
    const roles = await api('/v1/real-estate/roles');
    const role = roles.status === 200 ? roles.body.roles.find((r) => r.role === 'propertyRegistry') : undefined;
    transfer.registry = role?.msps[0] ?? '';
  }
  return transfer.registry;
}

/** The departments' steps, then the register's: PENDING once every step is done, DONE when registered. */
function renderSteps(progress, registryMsp) {
  const rows = $('progress-steps');
  rows.replaceChildren();
  const registered = progress.status === 'REGISTERED';
  const last = {
    step: 'REGISTRATION',
    title: 'Transfer registered, new certificate issued',
    departmentMsp: or(registryMsp),
    status: registered ? 'DONE' : progress.readyForRegistration ? 'PENDING' : 'NOT_YET',
    updatedAt: registered ? progress.closedAt : '',
    reasonCode: '',
  };
  for (const step of progress.status === 'OPEN' || registered ? [...progress.steps, last] : progress.steps) {
    const row = rowOf('progress-step', 'step', step.step);
    cell(row, step.title);
    cell(row, step.departmentMsp);
    cell(row, step.status === 'NOT_YET' ? 'after the steps above' : step.status).className = `state ${step.status}`;
    cell(row, step.updatedAt);
    cell(row, step.reasonCode);
    rows.appendChild(row);
  }
}

/** An application's progress, with who opened and closed it from the application itself (when readable). */
function renderProgress(progress, application, registryMsp) {
  $('progress-summary').textContent = progress.summary;
  $('progress-application').textContent = progress.applicationId;
  $('progress-unit').textContent = progress.unitNumber;
  $('progress-type').textContent = progress.type;
  $('progress-status').textContent = progress.status;
  $('progress-status').className = `state ${progress.status}`;
  $('progress-count').textContent = `${progress.doneCount} of ${progress.requiredCount}`;
  $('progress-awaiting').textContent = or(progress.waitingOn.join(', '));
  const by = (msp) => (msp ? ` by ${msp}` : '');
  $('progress-opened').textContent = `${progress.openedAt}${by(application?.openedByMsp)}`;
  $('progress-closed').textContent = progress.closedAt
    ? `${progress.closedAt}${by(application?.closedByMsp)} (${progress.closedReason})`
    : '—';
  $('progress-certificate').textContent = or(progress.certificateId);
  $('progress-previous').textContent = or(application?.previousCertificateId);
  renderSteps(progress, registryMsp);
  $('progress').hidden = false;
}

async function refreshProgress() {
  const id = transfer.applicationId;
  if (id === '') return;
  const path = `/v1/real-estate/applications/${encodeURIComponent(id)}`;
  const [progress, application, registryMsp] = await Promise.all([api(`${path}/progress`), api(path), registry()]);
  if (id !== transfer.applicationId) return; // another application was asked for meanwhile
  if (progress.status !== 200) {
    $('progress').hidden = true;
    showError('transfer-error', problemText(progress.body));
    return;
  }
  showError('transfer-error', '');
  renderProgress(progress.body, application.status === 200 ? application.body : undefined, registryMsp);
}

function openApplication(id) {
  $('application-id').value = id;
  transfer.applicationId = id;
  $('progress').hidden = true;
  void refreshTransfer();
}

/** The caller's department's work queue: open applications waiting on it. */
async function refreshQueue() {
  if (state.mspId === '') return;
  $('queue-department').textContent = state.mspId;
  const page = await allPages(`/v1/real-estate/departments/${encodeURIComponent(state.mspId)}/awaiting`);
  showError('queue-error', page.error ?? '');
  const rows = $('queue');
  if (page.error) return;
  if (page.records.length === 0) {
    emptyRow(rows, 6, `nothing awaits ${state.mspId}`, 'queue-empty');
    return;
  }
  rows.replaceChildren();
  for (const progress of page.records) {
    const row = rowOf('queue-row', 'application', progress.applicationId);
    cell(row, '').appendChild(
      linkButton(progress.applicationId, 'queue-open', () => openApplication(progress.applicationId)),
    );
    cell(row, progress.unitNumber);
    cell(row, progress.type);
    cell(row, `${progress.doneCount} of ${progress.requiredCount}`);
    cell(row, progress.waitingOn.join(', '));
    cell(row, progress.openedAt);
    rows.appendChild(row);
  }
}

const refreshTransfer = coalesced(() => Promise.all([refreshProgress(), refreshQueue()]));

async function showTransfer() {
  await refreshTransfer();
  pageReady('transfer');
}

function setUpTransfer() {
  $('transfer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    openApplication($('application-id').value.trim());
  });
}

// ------------------------------------------------------------------ tender board

const tenders = { projectId: '', centresLoaded: false };

/** The trading centres of the bid-record configuration; the caller's own first when it is one. */
async function loadCentres() {
  const config = await api('/v1/bid-record/config');
  if (config.status !== 200) {
    showError('tenders-error', problemText(config.body));
    return;
  }
  const centres = config.body.tradingCentreMsps;
  const select = $('centre');
  select.replaceChildren();
  for (const msp of [...centres].sort((a, b) => (a === state.mspId ? -1 : b === state.mspId ? 1 : 0))) {
    const option = document.createElement('option');
    option.value = msp;
    option.textContent = msp;
    select.appendChild(option);
  }
  tenders.centresLoaded = true;
}

async function refreshProjects() {
  const centre = $('centre').value;
  if (!centre) return;
  const page = await allPages(`/v1/bid-record/centres/${encodeURIComponent(centre)}/projects`);
  showError('tenders-error', page.error ?? '');
  if (page.error) return;
  const rows = $('projects');
  if (page.records.length === 0) {
    emptyRow(rows, 6, `${centre} has published no project`, 'projects-empty');
    return;
  }
  rows.replaceChildren();
  for (const project of page.records) {
    const row = rowOf('project-row', 'project', project.projectId);
    cell(row, '').appendChild(linkButton(project.projectId, 'project-open', () => openProject(project.projectId)));
    cell(row, project.title);
    cell(row, project.category);
    cell(row, money(project.budget));
    cell(row, project.bidDeadline);
    cell(row, project.status).className = `state ${project.status}`;
    rows.appendChild(row);
  }
}

function renderProjectHead(p) {
  $('project-title').textContent = p.title;
  $('project-id').textContent = p.projectId;
  $('project-centre').textContent = p.centreMsp;
  $('project-tenderer').textContent = `${p.tendererName} (${p.tendererCode})`;
  $('project-category').textContent = p.category;
  $('project-budget').textContent = money(p.budget);
  $('project-method').textContent = `${p.evaluationMethod}, at least ${p.minValidBids} valid bid(s)`;
  $('project-deadline').textContent = p.bidDeadline + (p.biddingClosedAt ? ` (closed ${p.biddingClosedAt})` : '');
  $('project-opening').textContent = p.openingTime;
  $('project-status').textContent = p.statusReason === p.status ? p.status : `${p.status} (${p.statusReason})`;
  $('project-status').className = `state ${p.status}`;
  $('project-document').textContent = short(p.documentFingerprint);
  $('project-amendments').textContent = p.amendments.length ? `${p.amendments.length} amendment(s)` : '';
}

function renderAward(p) {
  $('project-opened').textContent = or(p.openedAt);
  $('project-valid').textContent = p.openedAt
    ? `${p.validBidCount} valid, ${p.disqualifiedBidCount} disqualified`
    : '—';
  $('project-evaluated').textContent = p.evaluatedAt
    ? `${p.evaluatedAt}, report ${short(p.evaluationReportFingerprint)}`
    : '—';
  $('project-candidate').textContent = p.candidateBidderCode
    ? `${p.candidateBidderCode}, publicity ${p.publicityStartedAt} – ${p.publicityEndsAt}`
    : '—';
  $('project-objections').textContent = or(p.objections.map((o) => `${o.objectionId} ${o.status}`).join(', '));
  $('project-winner').textContent = p.winnerBidderCode
    ? `${p.winnerBidderCode} at ${money(p.awardPrice)}, ${p.awardedAt}`
    : '—';
  $('project-contract').textContent = or(p.contractRecordedAt);
  $('project-performance').textContent = p.performanceOutcome
    ? `${p.performanceOutcome}, ${p.performanceRecordedAt}`
    : '—';
  const rows = $('ranking');
  rows.replaceChildren();
  for (const entry of p.ranking) {
    const row = rowOf('ranking-row', 'bidder', entry.bidderCode);
    cell(row, entry.rank);
    cell(row, entry.bidderCode);
    cell(row, entry.score);
    cell(row, money(entry.price));
    rows.appendChild(row);
  }
}

/** Sealed bids: every commitment; the price and bid document only once revealed. */
function renderBids(bids) {
  const commitments = $('commitments');
  const reveals = $('reveals');
  if (bids.length === 0) emptyRow(commitments, 7, 'no bid yet', 'commitments-empty');
  else commitments.replaceChildren();
  for (const bid of bids) {
    const row = rowOf('commitment-row', 'bidder', bid.bidderCode);
    cell(row, bid.bidderCode);
    cell(row, short(bid.commitment)).title = bid.commitment;
    cell(row, bid.submittedByMsp);
    cell(row, or(bid.guaranteeId));
    cell(row, bid.committedAt);
    cell(row, bid.replacements);
    cell(row, bid.status).className = `state ${bid.status}`;
    commitments.appendChild(row);
  }
  const revealed = bids.filter((bid) => bid.revealedAt !== '');
  if (revealed.length === 0) emptyRow(reveals, 5, 'no bid revealed yet', 'reveals-empty');
  else reveals.replaceChildren();
  for (const bid of revealed) {
    const row = rowOf('reveal-row', 'bidder', bid.bidderCode);
    cell(row, bid.bidderCode);
    cell(row, money(bid.price));
    cell(row, short(bid.bidDocumentFingerprint)).title = bid.bidDocumentFingerprint;
    cell(row, bid.revealedAt);
    cell(row, bid.disqualificationReason ? `${bid.status} (${bid.disqualificationReason})` : bid.status);
    reveals.appendChild(row);
  }
}

/** Witness evidence in the order it was recorded. */
function renderEvidence(records) {
  const list = $('evidence');
  list.replaceChildren();
  if (records.length === 0) {
    const item = document.createElement('li');
    item.textContent = 'no evidence recorded yet';
    item.dataset.testid = 'evidence-empty';
    list.appendChild(item);
  }
  for (const evidence of [...records].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))) {
    const item = document.createElement('li');
    item.dataset.testid = 'evidence-item';
    item.dataset.step = evidence.step;
    const parts = [
      ['time', evidence.recordedAt],
      ['b', evidence.step],
      ['span', ` by ${evidence.recorderMsp}: ${evidence.mediaType}, ${evidence.size} bytes, `],
      ['code', short(evidence.fingerprint)],
      ['span', evidence.description ? ` — ${evidence.description}` : ''],
    ];
    for (const [tag, text] of parts) {
      const part = document.createElement(tag);
      part.textContent = text;
      item.appendChild(part);
    }
    list.appendChild(item);
  }
}

async function refreshProject() {
  const id = tenders.projectId;
  if (id === '') return;
  const path = `/v1/bid-record/projects/${encodeURIComponent(id)}`;
  const [project, bids, evidence] = await Promise.all([
    api(path),
    allPages(`${path}/bids`),
    allPages(`${path}/evidence`),
  ]);
  if (id !== tenders.projectId) return;
  const error = project.status === 200 ? (bids.error ?? evidence.error ?? '') : problemText(project.body);
  showError('tenders-error', error);
  if (error !== '') return;
  renderProjectHead(project.body);
  renderAward(project.body);
  renderBids(bids.records);
  renderEvidence(evidence.records);
  $('project').hidden = false;
}

function openProject(id) {
  tenders.projectId = id;
  $('project').hidden = true;
  void refreshTenders();
}

const refreshTenders = coalesced(() => Promise.all([refreshProjects(), refreshProject()]));

async function showTenders() {
  if (!tenders.centresLoaded) await loadCentres();
  await refreshTenders();
  pageReady('tenders');
}

function setUpTenders() {
  $('centre-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void refreshTenders();
  });
}

// ------------------------------------------------------------------ live updates

/** The chaincodes whose event streams the console follows. */
const STREAMS = ['e-license', 'real-estate', 'bid-record'];

/** A page's live mark: live when every stream it follows is, reconnecting when any is. */
function liveText(streams) {
  const states = streams.map((chaincode) => state.live[chaincode] ?? '');
  if (states.includes('○ reconnecting')) return '○ reconnecting';
  return states.every((s) => s === '● live') ? '● live' : '';
}

/**
 * Each page's live mark shows its own streams' state once the page has shown current data since it was
 * opened: "● live" then means that what is on the page is up to date and follows the ledger.
 */
function paintLive() {
  for (const mark of document.querySelectorAll('.live-state')) {
    const section = mark.closest('section');
    const streams = streamsOf(section.id.replace(/^page-/, ''));
    mark.textContent = section.dataset.ready === 'yes' ? liveText(streams) : '';
  }
}

function setLive(chaincode, text) {
  state.live[chaincode] = text;
  paintLive();
}

function pageReady(page) {
  $(`page-${page}`).dataset.ready = 'yes';
  paintLive();
}

function notify(chaincode) {
  for (const listener of state.listeners) listener(chaincode);
}

/** Reads one stream's server-sent events, notifying by chaincode; returns the last event id it saw. */
async function readEvents(chaincode, res, lastEventId) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return lastEventId;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (.*)$/m.exec(block);
      if (id) {
        lastEventId = id[1];
        notify(chaincode);
      }
    }
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
      setLive(chaincode, '● live');
      notify(chaincode); // whatever happened while the stream was down
      lastEventId = await readEvents(chaincode, res, lastEventId);
    } catch {
      if (signal.aborted) return;
      setLive(chaincode, '○ reconnecting');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

function startStreams() {
  if (state.streams.length > 0 || state.key === '') return;
  const controller = new AbortController();
  state.streams.push(controller);
  for (const chaincode of STREAMS) void follow(chaincode, controller.signal);
}

/** What each page refreshes on an event: the ledger on any, the others on their chaincode's. */
const LIVE = [
  { page: 'ledger', chaincode: undefined, refresh: refreshLedgerSoon },
  { page: 'transfer', chaincode: 'real-estate', refresh: refreshTransfer },
  { page: 'tenders', chaincode: 'bid-record', refresh: refreshTenders },
];
/** The event streams a page follows: the ledger all of them, the others their chaincode's. */
function streamsOf(page) {
  const live = LIVE.find((l) => l.page === page);
  if (live === undefined) return [];
  return live.chaincode === undefined ? STREAMS : [live.chaincode];
}

for (const { page, chaincode, refresh } of LIVE) {
  state.listeners.push((from) => {
    if (!$(`page-${page}`).hidden && (chaincode === undefined || chaincode === from)) void refresh();
  });
}

// ------------------------------------------------------------------ pages and key

const SHOW = { ledger: showLedger, transfer: showTransfer, tenders: showTenders };

function route() {
  const page = (location.hash.replace(/^#\//, '') || 'verify').split('/')[0];
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== `page-${page}`;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.page === page);
  if (state.key === '' || SHOW[page] === undefined) return;
  delete $(`page-${page}`).dataset.ready;
  paintLive();
  startStreams();
  void SHOW[page]();
}

async function checkKey() {
  const res = await api('/v1/ledger');
  state.mspId = res.status === 200 ? res.body.mspId : '';
  $('key-state').textContent = res.status === 200 ? `as ${res.body.mspId}` : problemText(res.body);
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  state.key = $('api-key').value.trim();
  sessionStorage.setItem('govchain-key', state.key);
  for (const stream of state.streams.splice(0)) stream.abort();
  tenders.centresLoaded = false;
  transfer.registry = '';
  void checkKey().then(route);
});
setUpVerify();
setUpTransfer();
setUpTenders();
window.addEventListener('hashchange', route);
route();
if (state.key !== '') void checkKey().then(route);
