// What every browser journey shares: counting checks, building a small
// synthetic council, starting `kith serve` and Debian's Chromium, the axe-core
// check, submitting forms and signing in. A journey file keeps only its own
// steps and calls runJourney once.
//
// Environment: KITH_BINARY (the kith executable), KITH_WORK_DIR (scratch
// folder). Prints "N passed, M failed" last; exits 0 only when nothing failed.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { startServer, stopServer } from './kith_server.mjs'

export const webDir = join(dirname(fileURLToPath(import.meta.url)), '../../web')
const require = createRequire(join(webDir, 'package.json'))
const { chromium } = require('playwright-core')
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export const kith = process.env.KITH_BINARY
export const password = 'kith-demo-2026'
let passed = 0
let failed = 0

// Counts one check and prints it; returns ok so a journey can stop early.
export function check (ok, what, detail = '') {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `: ${detail}` : ''}`)
  return ok
}

// Prints the counts and exits: 0 only when nothing failed (or with code).
export function finish (code) {
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(code ?? (failed === 0 ? 0 : 1))
}

// Builds the journey's council in its own folder: `kith synth` with synthArgs,
// then prepare(db) for anything more. Returns the database path, or null.
export function makeCouncil (workDir, synthArgs, prepare = () => true) {
  if (!kith || !workDir) {
    console.error('Set KITH_BINARY to the kith executable and KITH_WORK_DIR to a scratch folder.')
    return null
  }
  mkdirSync(workDir, { recursive: true })
  const db = join(workDir, 'council.db')
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.audit-key`]) rmSync(f, { force: true })
  const made = spawnSync(kith, ['synth', '--db', db, ...synthArgs], { encoding: 'utf8' })
  if (made.status !== 0) {
    console.error(`kith synth failed (exit ${made.status}):\n${made.stderr}`)
    return null
  }
  return prepare(db) === false ? null : db
}

// Checks the page with axe-core; every violation counts, whatever its impact.
// Evaluated through DevTools rather than a <script> tag, which Kith's
// Content-Security-Policy would (rightly) refuse.
export async function accessible (page, what) {
  await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
  check(result.violations.length === 0, `axe-core finds no violations on ${what}`,
    result.violations.map(v => `${v.id} (${v.impact}): ${v.help} [${v.nodes.length}: ${v.nodes[0]?.target}]`).join('; '))
}

// Submits a form and waits for the answer page, so checks never read the old page.
export async function submit (page, label) {
  await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${label}")`)])
}

export async function heading (page) {
  return (await page.locator('h1').innerText()).trim()
}

export function isoDate (d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export async function signInAs (page, base, user) {
  await page.goto(`${base}/sign-in`)
  await page.fill('#username', user)
  await page.fill('#password', password)
  await submit(page, 'Sign in')
  check(!page.url().includes('/sign-in'), `${user} signs in`, page.url())
}

export async function signOut (page) {
  await submit(page, 'Sign out')
}

// Debian's Chromium, headless, with a fresh temporary profile.
export function launchChromium () {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}

// Runs one journey end to end: council, server, a fresh Chromium profile,
// journey(page, base, workDir), then the Content-Security-Policy check and a
// clean stop. Exits the process with the result.
//   name: the journey's scratch folder under KITH_WORK_DIR
//   synthArgs: arguments for `kith synth` besides --db
//   prepare(db): optional; return false if the council could not be prepared
export async function runJourney ({ name, synthArgs, prepare = () => true, journey }) {
  const workDir = process.env.KITH_WORK_DIR && join(process.env.KITH_WORK_DIR, name)
  const db = makeCouncil(workDir, synthArgs, prepare)
  if (!db) finish(1)
  let server
  let browser
  try {
    const started = await startServer(kith, db)
    server = started.server
    browser = await launchChromium()
    const page = await browser.newPage()
    const refused = []
    page.on('console', m => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()) })
    await journey(page, started.base, workDir)
    check(refused.length === 0, 'the pages break no Content-Security-Policy rule', refused.join('; '))
  } catch (e) {
    check(false, 'the journey ran to the end', e.message)
  } finally {
    await browser?.close()
    if (server) check(await stopServer(server) === 0, 'kith serve stops cleanly on SIGTERM')
  }
  finish()
}
