// Browser test: a councillor signs in, opens the director's dashboard and
// the programme tracker, expands a chart's table view, and axe-core finds no
// accessibility violations on either page. Drives Debian's Chromium with
// playwright-core against `kith serve` over a small synthetic council with
// the example programme (data/programme/programme.json) loaded.
//
// Environment: KITH_BINARY (the kith executable), KITH_WORK_DIR (scratch
// folder). Run from the source tree: node tests/browser/dashboards.test.mjs
// Prints "N passed, M failed" last; exits 0 only when nothing failed.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { startServer, stopServer } from './kith_server.mjs'

const webDir = join(dirname(fileURLToPath(import.meta.url)), '../../web')
const require = createRequire(join(webDir, 'package.json'))
const { chromium } = require('playwright-core')
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

const kith = process.env.KITH_BINARY
const workDir = process.env.KITH_WORK_DIR && join(process.env.KITH_WORK_DIR, 'dashboards')
const password = 'kith-demo-2026'
let passed = 0
let failed = 0

function check (ok, what, detail = '') {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `: ${detail}` : ''}`)
  return ok
}

function finish (code) {
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(code ?? (failed === 0 ? 0 : 1))
}

function makeCouncil () {
  if (!kith || !workDir) {
    console.error('Set KITH_BINARY to the kith executable and KITH_WORK_DIR to a scratch folder.')
    return null
  }
  mkdirSync(workDir, { recursive: true })
  const db = join(workDir, 'demo.db')
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.audit-key`]) rmSync(f, { force: true })
  const made = spawnSync(kith, ['synth', '--seed', '7', '--db', db, '--scale', '0.05'], { encoding: 'utf8' })
  if (made.status !== 0) {
    console.error(`kith synth failed (exit ${made.status}):\n${made.stderr}`)
    return null
  }
  const programme = join(webDir, '../data/programme/programme.json')
  const loaded = spawnSync(kith, ['programme', 'load', '--db', db, '--file', programme], { encoding: 'utf8' })
  if (loaded.status !== 0) {
    console.error(`kith programme load failed (exit ${loaded.status}):\n${loaded.stderr}`)
    return null
  }
  return db
}

async function accessibility (page) {
  // Evaluated through DevTools rather than a <script> tag, which Kith's
  // Content-Security-Policy would (rightly) refuse.
  await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
  return result.violations
}

function describe (violations) {
  return violations.map(v => `${v.id} (${v.impact}): ${v.help} [${v.nodes.length} elements]`).join('; ')
}

// Opens the first "Show the data as a table" on the page and checks the table inside is shown.
async function expandTable (page, what) {
  const details = page.locator('details.govuk-details').first()
  check(!(await details.locator('table').isVisible()), `${what}: the table view starts closed`)
  await details.locator('summary').click()
  const table = details.locator('table')
  check(await table.isVisible(), `${what}: "Show the data as a table" opens the table`)
  const rows = await table.locator('tbody tr').count()
  check(rows >= 8, `${what}: the table has a row per quarter`, `${rows} rows`)
}

async function journey (page, base) {
  await page.goto(`${base}/sign-in`)
  await page.fill('#username', 'councillor')
  await page.fill('#password', password)
  await page.click('button:has-text("Sign in")')
  check(page.url().endsWith('/home'), 'signing in as a councillor opens Home', page.url())

  await page.click('a:has-text("Dashboards")')
  check(page.url().endsWith('/dashboards/director'), 'the navigation leads to the director\'s dashboard', page.url())
  check((await page.locator('h1').innerText()).includes("Director's dashboard"), 'the dashboard has its heading')
  const charts = await page.locator('svg[role="img"]').count()
  check(charts >= 8, 'the dashboard shows its charts', `${charts} charts`)
  const titled = await page.locator('svg[role="img"] > title').count()
  check(titled === charts, 'every chart has a title')
  await expandTable(page, 'director\'s dashboard')
  await page.screenshot({ path: join(workDir, 'director.png'), fullPage: true })
  let violations = await accessibility(page)
  check(violations.length === 0, 'axe-core finds no violations on the director\'s dashboard', describe(violations))

  await page.click('a:has-text("Programme")')
  check(page.url().endsWith('/programme'), 'the navigation leads to the programme', page.url())
  check(await page.getByText('Looked-after children from 697 to 500-600').first().isVisible(), 'the programme shows the looked-after milestone')
  const verdicts = await page.locator('table[id^="milestone-"] tbody tr').count()
  check(verdicts >= 10, 'the milestones list their measures', `${verdicts} measures`)
  await expandTable(page, 'programme')
  await page.screenshot({ path: join(workDir, 'programme.png'), fullPage: true })
  violations = await accessibility(page)
  check(violations.length === 0, 'axe-core finds no violations on the programme', describe(violations))
}

const db = makeCouncil()
if (!db) finish(1)
let server
let browser
try {
  const started = await startServer(kith, db)
  server = started.server
  // chromium.launch gives every run a fresh temporary profile.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  const page = await browser.newPage()
  const refused = []
  page.on('console', m => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()) })
  await journey(page, started.base)
  check(refused.length === 0, 'the pages break no Content-Security-Policy rule', refused.join('; '))
} catch (e) {
  check(false, 'the journey ran to the end', e.message)
} finally {
  await browser?.close()
  if (server) check(await stopServer(server) === 0, 'kith serve stops cleanly on SIGTERM')
}
finish()
