// Browser test: a practitioner signs in, opens a child's record from "My
// work", the record passes axe-core's accessibility checks, and signing out
// ends the session. Drives Debian's Chromium with playwright-core against
// `kith serve` over a small synthetic council.
//
// Environment: KITH_BINARY (the kith executable), KITH_WORK_DIR (scratch
// folder). Run from the source tree: node tests/browser/sign_in.test.mjs
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
const workDir = process.env.KITH_WORK_DIR
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
  const help = spawnSync(kith, ['synth', '--help'], { encoding: 'utf8' })
  if (help.status !== 0) {
    console.error(`"${kith} synth" is not available (exit ${help.status}), so there is no demo council to test against.`)
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
  return db
}

async function accessibility (page) {
  // Evaluated through DevTools rather than a <script> tag, which Kith's
  // Content-Security-Policy would (rightly) refuse.
  await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
}

async function journey (page, base) {
  await page.goto(`${base}/sign-in`)
  check(await page.locator('h1').innerText() === 'Sign in to Kith', 'the sign-in page opens')

  await page.fill('#username', 'practitioner')
  await page.fill('#password', password)
  await page.click('button:has-text("Sign in")')
  check(page.url().endsWith('/my-work'), 'signing in as a practitioner opens My work', page.url())
  check(await page.locator('h1').innerText() === 'My work', 'My work has its heading')
  const children = page.locator('#my-work tbody a')
  const count = await children.count()
  if (!check(count > 0, 'My work lists children', `${count} links`)) return

  const name = (await children.first().innerText()).trim()
  await children.first().click()
  check(/\/children\/\d+$/.test(page.url()), 'the first child opens', page.url())
  check((await page.locator('h1').innerText()).trim() === name, "the record is headed with the child's name")
  for (const heading of ['Summary', 'Chronology']) {
    check(await page.locator('h2', { hasText: heading }).isVisible(), `the record shows the ${heading} heading`)
  }
  await page.screenshot({ path: join(workDir, 'child.png'), fullPage: true })

  const serious = await accessibility(page)
  check(serious.length === 0, 'axe-core finds no serious or critical problems on the child record',
    serious.map(v => `${v.id} (${v.impact}): ${v.help} [${v.nodes.length} elements]`).join('; '))

  const kinds = await page.locator('#kind option').evaluateAll(os => os.map(o => o.value).filter(v => v))
  if (kinds.length > 0) {
    await page.selectOption('#kind', kinds[0])
    await page.click('.kith-filter button')
    await page.waitForURL(url => url.search === `?kind=${kinds[0]}`)
    const caption = await page.locator('#chronology-results caption').innerText()
    check(caption.includes(':'), 'the chronology filters by kind', caption)
  }

  await page.click('button:has-text("Sign out")')
  await page.waitForURL(url => url.pathname === '/sign-in')
  check(await page.getByText('You have signed out').isVisible(), 'signing out says so')
  await page.goto(`${base}/my-work`)
  check(page.url().endsWith('/sign-in'), 'after signing out, My work needs signing in again', page.url())
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
