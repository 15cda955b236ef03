// Browser test of the search widget: the real sitrep-index and sitrep-serve, Debian's headless
// chromium driven by puppeteer-core (which downloads no browser).
//
//   node widget.test.mjs --bin BIN_DIR --data DATA_DIR --source SOURCE_DIR --out OUT_DIR
//
// Indexes corpora/sample into a scratch index, starts sitrep-serve on a free loopback port, opens
// the demo page, and checks: keyboard search (Tab to the box, type the example query, Enter) puts
// the golden first hit first; a facet click narrows the list, changes the counts and shows a
// removable filter chip; the empty query pages through all 58 articles; the histogram adds up;
// a server error is shown; two widgets on a page are independent; an article whose title and text
// carry script is shown literally and runs nothing (indexed while the server runs, so the server
// must also pick up the indexer's commit); and an archive page on another origin embeds the search
// with the two lines of HTML (sitrep-serve --cors-origin allows that origin). The map beside the
// facets draws /geo's places on /world.json's outlines with the border the example searched near;
// its points have titles, take focus and drill down. Saves OUT_DIR/widget.png (and widget-map.png,
// widget-narrow-dark.png, widget-embedded.png).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const t0 = Date.now();
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['bin', 'data', 'source', 'out']) {
  if (!args[k]) {
    console.error('usage: node widget.test.mjs --bin BIN_DIR --data DATA_DIR --source SOURCE_DIR --out OUT_DIR');
    process.exit(2);
  }
}
const chromium = process.env.SITREP_CHROMIUM || '/usr/bin/chromium';
const EXAMPLE = 'Hezbollah deployments near Lebanese border after 2024-11-27';
const XSS_IMG = '<img src=x onerror="window.__xss=1">';
const XSS_SCRIPT = '<script>window.__xss=1</script>';
const XSS_TITLE = `Probe ${XSS_IMG} title ${XSS_SCRIPT} & "quotes"`;
const XSS_SOURCE = 'Probe <b>Wire</b>';

let passed = 0;
let failed = 0;
const failures = [];
function check(cond, what, detail) {
  if (cond) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    failures.push(what);
    console.log(`FAIL ${what}${detail !== undefined ? ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail)) : ''}`);
  }
  return cond;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)}s ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const env = { ...process.env, SITREP_DATA_DIR: args.data };
function index(indexDir, paths) {
  return execFileSync(path.join(args.bin, 'sitrep-index'), ['--index', indexDir, ...paths],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json();
  return { status: res.status, body, headers: res.headers };
}

async function startServer(indexDir, extra) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(path.join(args.bin, 'sitrep-serve'), ['--index', indexDir, '--port', String(port), ...extra],
      { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; process.stderr.write(d); });
    let exited = false;
    child.on('exit', () => { exited = true; });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 150 && !exited; i++) {
      try {
        const h = await getJson(`${base}/health`);
        if (h.status === 200 && h.body.status === 'ok') return { child, base, health: h.body };
      } catch (e) { /* not listening yet */ }
      await sleep(100);
    }
    child.kill('SIGKILL');
    console.log(`# sitrep-serve on port ${port} did not come up${exited ? ' (exited)' : ''}: ${stderr.trim()}`);
  }
  throw new Error('sitrep-serve did not start');
}

async function stopServer(server) {
  if (!server || server.child.exitCode !== null) return;
  const done = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  const t = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(t);
}

// --- the widget seen from the page ---------------------------------------------------------------

// Runs `action` and waits for the /search answer it causes and for the widget to show it.
async function searchVia(page, action, root = '.sitrep') {
  const answered = page.waitForResponse((r) => r.url().includes('/search?'), { timeout: 10000 });
  await action();
  const res = await answered;
  await page.waitForFunction((sel) => {
    const r = document.querySelector(sel);
    return r && !r.classList.contains('sitrep-loading');
  }, { timeout: 10000 }, root);
  return res;
}

// Waits for the map to show the answer to the latest search (drawn, empty or failed).
async function waitForMap(page, root = '.sitrep') {
  await page.waitForFunction((sel) => {
    const m = document.querySelector(sel + ' .sitrep-map');
    return m && /^(ready|empty|error)$/.test(m.getAttribute('data-state') || '');
  }, { timeout: 10000 }, root);
}

// The map as drawn: its SVG, outlines, border lines and points (with their centres on screen).
function mapState(page, root = '.sitrep') {
  return page.evaluate((sel) => {
    const fig = document.querySelector(sel + ' .sitrep-map');
    const svg = fig && fig.querySelector('svg');
    const note = fig && fig.querySelector('.sitrep-map-note');
    const land = svg ? svg.querySelectorAll('path.sitrep-map-land') : [];
    return {
      state: fig && fig.getAttribute('data-state'),
      outlines: fig && fig.getAttribute('data-outlines'),
      svg: !!svg && !fig.hidden && svg.getBoundingClientRect().width > 100,
      label: svg && svg.getAttribute('aria-label'),
      describedBy: svg && svg.getAttribute('aria-describedby'),
      noteId: note && note.id,
      note: note && note.textContent,
      land: land.length,
      landLength: land.length ? land[0].getAttribute('d').length : 0,
      countryBorders: svg ? svg.querySelectorAll('path.sitrep-map-borders').length : 0,
      graticule: svg ? svg.querySelectorAll('path.sitrep-map-graticule').length : 0,
      borderUsed: svg ? svg.querySelectorAll('polyline.sitrep-map-border-used').length : 0,
      // The border lines back in degrees: x = lon * 100 * k inside the scaled group, y = -lat * 100.
      borderPoints: svg ? Array.from(svg.querySelectorAll('polyline.sitrep-map-border-used')).flatMap((l) =>
        l.getAttribute('points').split(' ').map((xy) => { const [x, y] = xy.split(',').map(Number); return [-y / 100, x / 100]; })) : [],
      points: svg ? Array.from(svg.querySelectorAll('circle.sitrep-map-point')).map((c) => {
        const r = c.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        return {
          id: c.getAttribute('data-id'), lat: Number(c.getAttribute('data-lat')), lon: Number(c.getAttribute('data-lon')),
          count: Number(c.getAttribute('data-count')), title: c.querySelector('title')?.textContent,
          tabindex: c.getAttribute('tabindex'), role: c.getAttribute('role'), aria: c.getAttribute('aria-label'),
          pressed: c.getAttribute('aria-pressed'), x, y, r: r.width / 2, top: document.elementFromPoint(x, y) === c,
        };
      }) : [],
    };
  }, root);
}

function widgetState(page, root = '.sitrep') {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel);
    const q = (s) => r.querySelector(s);
    const all = (s) => Array.from(r.querySelectorAll(s));
    return {
      status: q('.sitrep-status').textContent,
      error: q('.sitrep-error').hidden ? null : q('.sitrep-error').textContent,
      reading: q('.sitrep-reading').textContent,
      ids: all('.sitrep-hit').map((h) => h.getAttribute('data-id')),
      titles: all('.sitrep-hit-title').map((h) => h.textContent),
      marks: all('.sitrep-hit .sitrep-snippet mark').length,
      facets: Object.fromEntries(all('.sitrep-facet-value').map((b) =>
        [b.dataset.facet + ':' + b.dataset.id, Number(b.querySelector('.sitrep-count').textContent.replace(/,/g, ''))])),
      chips: all('.sitrep-filters .sitrep-chip-filter').map((c) => c.textContent),
      pageinfo: q('.sitrep-pager').hidden ? null : q('.sitrep-pageinfo').textContent,
      start: q('.sitrep-results').getAttribute('start'),
      bars: all('.sitrep-bar').map((b) => b.getAttribute('title')),
    };
  }, root);
}

// --- the run ------------------------------------------------------------------------------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sitrep-browser-'));
const indexDir = path.join(tmp, 'index');
let server = null;
let archive = null;
let browser = null;
const pageErrors = [];
const consoleErrors = [];

try {
  log('indexing corpora/sample');
  index(indexDir, [path.join(args.source, 'corpora/sample')]);
  // An archive website on another origin that embeds the search with the two lines of HTML.
  archive = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Archive</title></head><body>
<h1>An archive</h1>
<div data-sitrep="${server.base}"></div>
<script src="${server.base}/widget.js" defer></script>
</body></html>`);
  });
  await new Promise((r) => archive.listen(0, '127.0.0.1', r));
  const archiveOrigin = `http://127.0.0.1:${archive.address().port}`;
  server = await startServer(indexDir, ['--cors-origin', archiveOrigin]);
  log(`sitrep-serve at ${server.base}, ${server.health.documents} documents`);
  check(server.health.documents === 58, '/health counts the 58 sample articles', server.health);

  const golden = JSON.parse(fs.readFileSync(path.join(args.source, 'tests/golden/sample-queries.json'), 'utf8'));
  const expected = golden.queries.find((q) => q.query === EXAMPLE);
  if (!expected) throw new Error(`the golden file has no entry for "${EXAMPLE}"`);
  const firstId = expected.expected_ids[0];
  const doc = await getJson(`${server.base}/doc/${encodeURIComponent(firstId)}`);
  if (doc.status !== 200) throw new Error(`/doc/${firstId} answered ${doc.status}: ${JSON.stringify(doc.body)}`);
  const firstTitle = doc.body.title;
  log(`golden first hit: ${firstId} "${firstTitle}"`);

  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'],
  });
  const page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // A missing favicon is the browser's own request, not the widget's.
    if (m.type() === 'error' && !/favicon/.test(m.location()?.url || '')) consoleErrors.push(m.text());
  });
  await page.setViewport({ width: 1280, height: 900 });

  // 1. The demo page loads the widget, which shows every article.
  const first = page.waitForResponse((r) => r.url().includes('/search?'), { timeout: 10000 });
  const resp = await page.goto(`${server.base}/`, { waitUntil: 'domcontentloaded' });
  check(resp.status() === 200, 'GET / serves the demo page', resp.status());
  const csp = resp.headers()['content-security-policy'] || '';
  console.log(`# Content-Security-Policy of /: ${csp || '(none)'}`);
  await first;
  await page.waitForFunction(() => {
    const r = document.querySelector('.sitrep');
    return r && !r.classList.contains('sitrep-loading') && r.querySelector('.sitrep-status').textContent;
  }, { timeout: 10000 });
  let s = await widgetState(page);
  check(/^58 articles/.test(s.status), 'the empty query shows all 58 articles', s.status);
  check(await page.evaluate(() => typeof window.Sitrep === 'object' && typeof window.Sitrep.init === 'function'),
    'window.Sitrep is the only thing exposed');
  check(await page.evaluate(() => Array.from(document.styleSheets).some((ss) => /\/widget\.css$/.test(ss.href || ''))),
    'widget.css is loaded');

  // 2. Keyboard: Tab reaches the search box first; the example query is typed and Enter submits.
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement && document.activeElement.matches('.sitrep input[type=search]')),
    'Tab focuses the search box');
  check(await page.evaluate(() => {
    const input = document.querySelector('.sitrep input[type=search]');
    const label = input && document.querySelector(`label[for="${input.id}"]`);
    return !!(label && label.textContent.trim());
  }), 'the search box has a label');
  await page.keyboard.type(EXAMPLE);
  await searchVia(page, () => page.keyboard.press('Enter'));
  s = await widgetState(page);
  check(s.ids[0] === firstId, `the example query puts ${firstId} first`, s.ids);
  check(s.titles[0] === firstTitle, `the first result's title is "${firstTitle}"`, s.titles[0]);
  check(s.ids.length === expected.expected_ids.length && expected.expected_ids.every((id, i) => s.ids[i] === id),
    'the hits are the golden ones, in order', s.ids);
  check(s.marks > 0, 'snippets mark the matched words', s.marks);
  check(/actor = Hezbollah/.test(s.reading), 'the reading of the query is shown', s.reading);
  check(new RegExp(`^${expected.expected_ids.length} articles`).test(s.status), 'the aria-live status counts the hits',
    s.status);
  check(await page.evaluate(() => {
    const st = document.querySelector('.sitrep .sitrep-status');
    return st.getAttribute('aria-live') === 'polite';
  }), 'the status is an aria-live region');
  check(await page.evaluate(() => /#.*q=Hezbollah/.test(location.hash)), 'the search is kept in the URL hash');
  check(await page.evaluate(() => {
    const a = document.querySelector('.sitrep .sitrep-hit-title a');
    return !!a && /^https?:/.test(a.href);
  }), 'the title links to the article url');
  // The feed of this search: a link to /feed.atom with the query, answered with a feed.
  const feedHref = await page.evaluate(() => {
    const a = document.querySelector('.sitrep a.sitrep-feed[rel="alternate"][type="application/atom+xml"]');
    return a && !a.hidden ? a.href : null;
  });
  check(!!feedHref && /\/feed\.atom\?q=Hezbollah/.test(feedHref), 'the widget links to the Atom feed of the search', feedHref);
  if (feedHref) {
    const feed = await fetch(feedHref);
    const body = await feed.text();
    check(feed.status === 200 && /^application\/atom\+xml/.test(feed.headers.get('content-type') || '') &&
      body.includes('<feed xmlns="http://www.w3.org/2005/Atom">'), 'the feed link answers with an Atom feed', feed.status);
  }
  check(await page.evaluate(() => document.querySelectorAll('.sitrep .sitrep-hit .sitrep-entities button').length > 0),
    'hits show entity chips');
  await waitForMap(page);
  await page.screenshot({ path: path.join(args.out, 'widget.png'), fullPage: true });
  log(`screenshot ${path.join(args.out, 'widget.png')}`);

  // 2b. The map beside the facets: the place facet of the whole match set (/geo) as points sized
  // by count on country outlines (/world.json, when this sitrep-serve was built with node and
  // npm), the border the query searched near, a title per point, a click that drills down.
  const geo = await getJson(`${server.base}/geo?q=${encodeURIComponent(EXAMPLE)}&top=100`);
  check(geo.status === 200 && geo.body.places.length > 0, '/geo answers with the places of the example query', geo.status);
  const worldRes = await fetch(`${server.base}/world.json`);
  const world = worldRes.status === 200 ? await worldRes.json() : null;
  const outlines = !!(world && world.land);
  log(outlines ? `/world.json: ${world.source}` : '/world.json has no outlines: the map draws a graticule');
  const map = await mapState(page);
  check(map.state === 'ready' && map.svg, 'the map is drawn', map.state);
  check(/^Map of the \d+ places? named in the matching articles/.test(map.label || ''), 'the map has an aria-label', map.label);
  check(map.note && map.describedBy === map.noteId, 'the map is described as a view of the Place list', map);
  if (outlines) {
    check(map.outlines === 'yes' && map.land === 1 && map.landLength > 10000 && map.countryBorders === 1,
      'the map draws country outlines (land and borders)', map);
  } else {
    check(map.outlines === 'no' && map.graticule === 1, 'without outlines the map draws a graticule', map);
  }
  check(map.points.length === geo.body.places.length, 'one point per place of /geo', { drawn: map.points.length, geo: geo.body.places.length });
  const byId = Object.fromEntries(geo.body.places.map((p) => [p.id, p]));
  check(map.points.every((p) => byId[p.id] && byId[p.id].lat === p.lat && byId[p.id].lon === p.lon && byId[p.id].count === p.count),
    'each point is a place of /geo at its coordinates with its count', map.points.slice(0, 3));
  check(map.points.every((p) => p.title === `${byId[p.id]?.name}: ${p.count} article${p.count === 1 ? '' : 's'}`),
    'each point\'s title (its hover) names the place and its count', map.points.slice(0, 3).map((p) => p.title));
  check(map.points.every((p) => p.role === 'button' && /, \d+ articles?/.test(p.aria)) &&
    map.points.filter((p) => p.tabindex === '0').length === 1 && map.points.every((p) => /^(0|-1)$/.test(p.tabindex)),
    'points are labelled buttons with one tab stop among them', map.points.map((p) => p.tabindex));
  // Screen positions follow the coordinates: north is up, east is right.
  const [a, b] = [...map.points].sort((x, y) => y.lat - x.lat);
  const [w, e] = [...map.points].sort((x, y) => x.lon - y.lon);
  check(map.points.length < 2 || ((a.lat === b.lat || a.y < b.y) && (w.lon === e.lon || w.x < e.x)),
    'points sit north-up and east-right', { a, b, w, e });
  const bigger = [...map.points].sort((x, y) => y.count - x.count);
  check(bigger.length < 2 || bigger[0].count === bigger.at(-1).count || bigger[0].r > bigger.at(-1).r,
    'points are sized by count', bigger.map((p) => [p.count, p.r]));
  check(map.borderUsed > 0 && map.borderPoints.every(([lat, lon]) => lat > 32.5 && lat < 35 && lon > 34.5 && lon < 37),
    'the near-border query draws the Lebanese border it searched near', map.borderPoints.slice(0, 4));
  const beirutish = map.points.find((p) => p.id === 'lb-beirut');
  if (beirutish) check(Math.abs(beirutish.lat - 33.89) < 0.2 && Math.abs(beirutish.lon - 35.5) < 0.2, 'Beirut is at 33.9N 35.5E', beirutish);
  await page.hover('.sitrep .sitrep-map-point');
  await (await page.$('.sitrep .sitrep-map')).screenshot({ path: path.join(args.out, 'widget-map.png') });
  log(`screenshot ${path.join(args.out, 'widget-map.png')}`);

  // A click on a point (one on top at its centre, naming fewer articles than the answer) narrows.
  const total = Number(/^(\d+)/.exec(s.status)[1]);
  const target = map.points.find((p) => p.top && p.count < total);
  if (check(!!target, 'the map has a point that narrows the answer', map.points)) {
    const beforeMap = await widgetState(page);
    log(`clicking the map point of ${target.id} (${target.count})`);
    await searchVia(page, () => page.mouse.click(target.x, target.y));
    s = await widgetState(page);
    check(s.ids.length === target.count && JSON.stringify(s.ids) !== JSON.stringify(beforeMap.ids),
      `the click narrows the list to the place's count (${target.count})`, s.ids);
    check(s.chips.length === 1 && s.chips[0].includes(byId[target.id].name), 'a drill-down chip names the place', s.chips);
    check(await page.evaluate(() => /facet=place%3A/.test(location.hash)), 'the place filter is kept in the URL hash');
    await waitForMap(page);
    const after = await mapState(page);
    check(after.points.some((p) => p.id === target.id && p.pressed === 'true'), 'the point shows as pressed', after.points);
    await searchVia(page, () => page.click('.sitrep .sitrep-filters .sitrep-chip-filter'));
    s = await widgetState(page);
    check(s.chips.length === 0 && JSON.stringify(s.ids) === JSON.stringify(beforeMap.ids), 'removing the chip restores the answer');
    // The keyboard: Tab reaches the map's one tab stop, the arrow keys move between the points
    // (most named first), Enter drills down.
    await waitForMap(page);
    const order = (await mapState(page)).points.sort((x, y) => y.count - x.count).map((p) => p.id);
    await page.evaluate(() => Array.from(document.querySelectorAll('.sitrep .sitrep-main a[href], .sitrep .sitrep-main button'))
      .filter((e) => !e.disabled && e.offsetParent !== null).at(-1).focus()); // the last stop of the results
    let tabs = 0;
    while (tabs++ < 10 && !(await page.evaluate(() => document.activeElement?.matches('.sitrep .sitrep-map-point')))) {
      await page.keyboard.press('Tab');
    }
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    check(await focused() === order[0], 'Tab reaches the most named point', { focused: await focused(), tabs });
    await page.keyboard.press('ArrowRight');
    check(order.length < 2 || await focused() === order[1], 'ArrowRight moves to the next point', await focused());
    await page.keyboard.press('End');
    check(await focused() === order.at(-1), 'End moves to the last point', await focused());
    // (puppeteer's focus() takes HTML elements only: the SVG element's own focus() it is.)
    check(await page.evaluate((id) => {
      const c = document.querySelector(`.sitrep .sitrep-map-point[data-id="${id}"]`);
      c.focus();
      return document.activeElement === c;
    }, target.id), 'a point takes the keyboard focus');
    await searchVia(page, () => page.keyboard.press('Enter'));
    s = await widgetState(page);
    check(s.ids.length === target.count && s.chips.length === 1, 'Enter on a focused point drills down too', s.chips);
    await searchVia(page, () => page.click('.sitrep .sitrep-filters .sitrep-chip-filter'));
    await waitForMap(page);
    s = await widgetState(page);
  }

  // 3. A facet value narrows the list, changes the counts and shows a removable filter chip.
  const before = s;
  const pick = await page.evaluate((total) => {
    for (const b of document.querySelectorAll('.sitrep .sitrep-facet-value')) {
      const n = Number(b.querySelector('.sitrep-count').textContent);
      if (n > 0 && n < total) return { facet: b.dataset.facet, id: b.dataset.id, name: b.querySelector('.sitrep-facet-name').textContent, n };
    }
    return null;
  }, before.ids.length);
  if (check(pick !== null, 'the sidebar offers a facet value that narrows the answer', before.facets)) {
    log(`clicking facet ${pick.facet}:${pick.id} (${pick.name}, ${pick.n})`);
    await searchVia(page, () => page.click(`.sitrep .sitrep-facet-value[data-facet="${pick.facet}"][data-id="${pick.id}"]`));
    s = await widgetState(page);
    check(s.ids.length === pick.n, `the list narrows to the facet's count (${pick.n})`, s.ids);
    check(JSON.stringify(s.ids) !== JSON.stringify(before.ids), 'the result list changes');
    check(JSON.stringify(s.facets) !== JSON.stringify(before.facets), 'the facet counts change');
    check(s.chips.length === 1 && s.chips[0].includes(pick.name), 'a filter chip names the value', s.chips);
    check(await page.evaluate((p) => document.querySelector(
      `.sitrep .sitrep-facet-value[data-facet="${p.facet}"][data-id="${p.id}"]`)?.getAttribute('aria-pressed') === 'true', pick),
      'the facet value shows as pressed');
    check(await page.evaluate(() => /facet=/.test(location.hash)), 'the filter is kept in the URL hash');
    await searchVia(page, () => page.click('.sitrep .sitrep-filters .sitrep-chip-filter'));
    s = await widgetState(page);
    check(s.chips.length === 0 && JSON.stringify(s.ids) === JSON.stringify(before.ids),
      'removing the chip restores the answer', { chips: s.chips, ids: s.ids });
  }

  // 4. Paging through the empty query: 58 articles, 10 a page.
  await page.click('.sitrep input[type=search]', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await searchVia(page, () => page.click('.sitrep .sitrep-submit'));
  s = await widgetState(page);
  check(s.pageinfo === 'Page 1 of 6', 'the empty query has 6 pages', s.pageinfo);
  const seen = new Set(s.ids);
  const barSum = s.bars.reduce((n, t) => n + Number(/: (\d+)$/.exec(t)?.[1] ?? NaN), 0);
  check(s.bars.length > 0 && s.bars.every((t) => /^\S+: \d+$/.test(t)), 'histogram bars are titled "key: count"', s.bars.slice(0, 3));
  check(barSum === 58, 'the histogram adds up to 58', barSum);
  for (let p = 2; p <= 6; p++) {
    await searchVia(page, () => page.click('.sitrep .sitrep-next'));
    s = await widgetState(page);
    check(s.pageinfo === `Page ${p} of 6` && s.start === String((p - 1) * 10 + 1), `Next shows page ${p}`,
      { pageinfo: s.pageinfo, start: s.start });
    s.ids.forEach((id) => seen.add(id));
  }
  check(s.ids.length === 8, 'the last page holds the last 8 articles', s.ids.length);
  check(seen.size === 58, 'the six pages show 58 different articles', seen.size);
  check(await page.evaluate(() => document.querySelector('.sitrep .sitrep-next').disabled), 'Next is disabled on the last page');
  await searchVia(page, () => page.click('.sitrep .sitrep-prev'));
  s = await widgetState(page);
  check(s.pageinfo === 'Page 5 of 6', 'Previous goes back a page', s.pageinfo);

  // 5. A server error is shown as a message.
  await page.click('.sitrep input[type=search]', { clickCount: 3 });
  await page.keyboard.type('after:2024-99-99');
  const bad = await searchVia(page, () => page.keyboard.press('Enter'));
  s = await widgetState(page);
  check(bad.status() >= 400 && bad.status() < 500, 'a bad query gets a 4xx answer', bad.status());
  check(s.error !== null && /2024-99-99/.test(s.error), 'the error message is shown', s.error);

  // 5b. A misspelt name: the relaxed answer's note and a clickable "Did you mean".
  await page.click('.sitrep input[type=search]', { clickCount: 3 });
  await page.keyboard.type('Hezbolah Hermel');
  await searchVia(page, () => page.keyboard.press('Enter'));
  s = await widgetState(page);
  check(s.error === null && /match part of the query/.test(s.status) && /No article matches every condition/.test(s.reading),
    'a relaxed answer says so', { status: s.status, reading: s.reading });
  const suggestion = await page.$eval('.sitrep .sitrep-suggestion', (b) => b.textContent).catch(() => null);
  check(suggestion === 'Hezbollah Hermel', 'a misspelt name gets a "Did you mean" suggestion', suggestion);
  if (suggestion) {
    await searchVia(page, () => page.click('.sitrep .sitrep-suggestion'));
    s = await widgetState(page);
    check(await page.$eval('.sitrep input[type=search]', (i) => i.value) === suggestion && !/part of the query/.test(s.status),
      'clicking the suggestion searches for it', s.status);
  }

  // 6. Two widgets on one page work independently.
  await page.evaluate(() => {
    const d = document.createElement('div');
    d.id = 'second';
    d.setAttribute('data-sitrep', '');
    d.setAttribute('data-sitrep-query', 'Wagner');
    document.body.appendChild(d);
    window.Sitrep.init(d);
  });
  await page.waitForFunction(() => {
    const r = document.querySelector('#second');
    return r && !r.classList.contains('sitrep-loading') && r.querySelector('.sitrep-status')?.textContent;
  }, { timeout: 10000 });
  const firstBefore = await widgetState(page);
  await page.click('#second input[type=search]', { clickCount: 3 });
  await page.keyboard.type('actor:Hezbollah');
  await searchVia(page, () => page.keyboard.press('Enter'), '#second');
  const second = await widgetState(page, '#second');
  const firstAfter = await widgetState(page);
  check(/^17 articles/.test(second.status), 'the second widget answers its own query', second.status);
  check(JSON.stringify(firstAfter) === JSON.stringify(firstBefore), 'the first widget is left as it was');
  check(await page.evaluate(() => new Set(Array.from(document.querySelectorAll('[id]')).map((e) => e.id)).size ===
    document.querySelectorAll('[id]').length), 'element ids stay unique with two widgets');

  // 6b. More like this: each hit has a Similar link that runs like:"ID" in the search box.
  await page.click('.sitrep input[type=search]', { clickCount: 3 });
  await page.keyboard.type('Hezbollah Hermel');
  await searchVia(page, () => page.keyboard.press('Enter'));
  const likeFrom = await widgetState(page);
  const similarLinks = await page.evaluate(() => document.querySelector('.sitrep').querySelectorAll('.sitrep-hit .sitrep-similar').length);
  check(likeFrom.ids.length > 0 && similarLinks === likeFrom.ids.length, 'every hit has a Similar link', { similarLinks, hits: likeFrom.ids.length });
  const seedId = likeFrom.ids[0];
  const likeAnswer = await searchVia(page, () => page.click('.sitrep .sitrep-hit .sitrep-similar'));
  check(likeAnswer.status() === 200 && /[?&]q=like%3A%22/.test(likeAnswer.url()), 'Similar asks /search for like:"ID"', likeAnswer.url());
  const similar = await widgetState(page);
  const boxValue = await page.$eval('.sitrep input[type=search]', (i) => i.value);
  check(boxValue === `like:"${seedId}"`, 'the search box shows the like: query', boxValue);
  check(similar.error === null && similar.ids.length > 0, 'the like: search answers with hits', similar);
  check(!similar.ids.includes(seedId), 'the article itself is left out of its Similar results', similar.ids);
  check(similar.reading.includes(`articles like '${seedId}'`), 'the reading says which article', similar.reading);

  // 7. Article text with script in it: index a probe while the server runs, search for it.
  const probeDir = path.join(tmp, 'probe');
  fs.mkdirSync(probeDir);
  fs.writeFileSync(path.join(probeDir, 'xss-probe-2024-06-01.txt'), [
    'date 2024-06-01',
    `title ${XSS_TITLE}`,
    `source ${XSS_SOURCE}`,
    'url javascript:window.__xss=1',
    '',
    `Zanzibarprobe ${XSS_IMG} and ${XSS_SCRIPT} were pasted into this zanzibarprobe article about Hermel.`,
    '',
    `A second paragraph repeats ${XSS_SCRIPT} once more.`,
    '',
  ].join('\n'));
  index(indexDir, [probeDir]);
  let docs = 0;
  for (let i = 0; i < 100 && docs !== 59; i++) {
    docs = (await getJson(`${server.base}/health`)).body.documents;
    if (docs !== 59) await sleep(100);
  }
  check(docs === 59, 'the running server picks up the indexer\'s commit (59 documents)', docs);
  await page.click('.sitrep input[type=search]', { clickCount: 3 });
  await page.keyboard.type('zanzibarprobe');
  await searchVia(page, () => page.keyboard.press('Enter'));
  s = await widgetState(page);
  check(s.ids[0] === 'xss-probe-2024-06-01', 'the probe article is found', s.ids);
  await page.click('.sitrep .sitrep-hit .sitrep-more');
  await page.waitForFunction(() => /^(loaded|error)$/.test(document.querySelector('.sitrep .sitrep-fulltext')?.getAttribute('data-state')),
    { timeout: 10000 });
  await sleep(300); // give an injected onerror handler time to fire
  const probe = await page.evaluate(() => {
    const hit = document.querySelector('.sitrep .sitrep-hit');
    return {
      xss: typeof window.__xss,
      title: hit.querySelector('.sitrep-hit-title').textContent,
      link: !!hit.querySelector('.sitrep-hit-title a'),
      source: hit.querySelector('.sitrep-source')?.textContent,
      snippet: hit.querySelector('.sitrep-snippet').textContent,
      text: hit.querySelector('.sitrep-fulltext').textContent,
      injected: document.querySelectorAll('.sitrep img, .sitrep script, .sitrep b, .sitrep iframe').length,
      tags: Array.from(new Set(Array.from(hit.querySelectorAll('.sitrep-snippet *')).map((e) => e.tagName))),
    };
  });
  check(probe.xss === 'undefined', 'no script from the article ran (window.__xss is undefined)', probe.xss);
  check(probe.title === XSS_TITLE, 'the title shows literally', probe.title);
  check(probe.source === XSS_SOURCE, 'the source shows literally', probe.source);
  check(!probe.link, 'a javascript: url is not made a link');
  check(probe.snippet.includes(XSS_IMG) && probe.snippet.includes(XSS_SCRIPT), 'the snippet shows the markup literally', probe.snippet);
  check(probe.tags.every((t) => t === 'MARK'), 'the snippet holds no element but <mark>', probe.tags);
  check(probe.text.includes(XSS_IMG) && probe.text.includes(XSS_SCRIPT), 'the full text shows the markup literally', probe.text);
  check(probe.injected === 0, 'no img, script, b or iframe element was created', probe.injected);

  // 8. Narrow and dark: the sidebar stacks under the results.
  const narrow = await browser.newPage();
  narrow.on('pageerror', (e) => pageErrors.push(e.message));
  await narrow.setViewport({ width: 420, height: 900 });
  await narrow.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await narrow.goto(`${server.base}/#q=${encodeURIComponent(EXAMPLE)}`, { waitUntil: 'networkidle0' });
  await narrow.waitForFunction(() => document.querySelectorAll('.sitrep .sitrep-hit').length > 0, { timeout: 10000 });
  const stacked = await narrow.evaluate(() => {
    const main = document.querySelector('.sitrep .sitrep-main').getBoundingClientRect();
    const side = document.querySelector('.sitrep .sitrep-facets').getBoundingClientRect();
    return side.top >= main.bottom - 1;
  });
  check(stacked, 'on a narrow screen the facet sidebar stacks under the results');
  await narrow.screenshot({ path: path.join(args.out, 'widget-narrow-dark.png') });

  // 9. The two-line embed on another origin: the script adds its stylesheet, searches work (CORS).
  const foreign = await browser.newPage();
  foreign.on('pageerror', (e) => pageErrors.push(e.message));
  await foreign.setViewport({ width: 1100, height: 800 });
  await foreign.goto(`${archiveOrigin}/`, { waitUntil: 'domcontentloaded' });
  await foreign.waitForFunction(() => {
    const r = document.querySelector('.sitrep');
    return r && !r.classList.contains('sitrep-loading') && r.querySelector('.sitrep-status').textContent;
  }, { timeout: 10000 });
  const embedded = await widgetState(foreign);
  check(/^5[89] articles/.test(embedded.status) && embedded.error === null,
    'two lines of HTML on another origin give a working widget', embedded);
  check(await foreign.evaluate((base) => Array.from(document.querySelectorAll('link[rel=stylesheet]')).some((l) =>
    l.href === base + '/widget.css' && l.sheet), server.base), 'the script adds widget.css from its own origin');
  check(await foreign.evaluate(() => getComputedStyle(document.querySelector('.sitrep .sitrep-body')).display === 'grid'),
    'the widget is styled there');
  await foreign.click('.sitrep input[type=search]');
  await foreign.keyboard.type('actor:Wagner');
  await searchVia(foreign, () => foreign.keyboard.press('Enter'));
  const wagner = await widgetState(foreign);
  check(wagner.ids.length > 0 && wagner.error === null, 'a search from the other origin works', wagner);
  await foreign.screenshot({ path: path.join(args.out, 'widget-embedded.png') });

  check(pageErrors.length === 0, 'no uncaught error in the page', pageErrors);
  const unexpected = consoleErrors.filter((e) => !/status of 4\d\d/.test(e)); // the bad query's 400 is logged by chromium
  check(unexpected.length === 0, 'no console errors (CSP violations included)', unexpected);
} catch (e) {
  failed++;
  failures.push(String(e && e.stack || e));
  console.log(`FAIL ${e && e.stack || e}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopServer(server);
  if (archive) archive.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`browser test: ${passed} passed, ${failed} failed in ${secs} s`);
process.exit(failed ? 1 : 0);
