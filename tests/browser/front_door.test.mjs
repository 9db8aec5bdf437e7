// Browser journey through the front door: a school gets in touch about a
// child new to the council, the practitioner has the conversation, decides
// early help, builds the team around the family with a lead professional,
// adds to the plan, reviews, and steps the child up to children's social
// care. The child's chronology then shows every step exactly once. Every
// page passes axe-core with no violations, a form with a mistake keeps what
// was typed, and the public directory opens without signing in. Drives
// Debian's Chromium with playwright-core against `kith serve` over a small
// synthetic council (the statutory steps after step-up are tested elsewhere).
//
// Environment: KITH_BINARY (the kith executable), KITH_WORK_DIR (scratch
// folder). Run from the source tree: node tests/browser/front_door.test.mjs
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
  mkdirSync(workDir, { recursive: true })
  const db = join(workDir, 'front-door.db')
  for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.audit-key`]) rmSync(f, { force: true })
  const made = spawnSync(kith, ['synth', '--seed', '7', '--db', db, '--scale', '0.05'], { encoding: 'utf8' })
  if (made.status !== 0) {
    console.error(`kith synth failed (exit ${made.status}):\n${made.stderr}`)
    return null
  }
  return db
}

// Every violation counts, whatever its impact.
async function accessible (page, what) {
  await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
  check(result.violations.length === 0, `axe-core finds no violations on ${what}`,
    result.violations.map(v => `${v.id} (${v.impact}): ${v.help} [${v.nodes.length}: ${v.nodes[0]?.target}]`).join('; '))
}

// Submits a form and waits for the answer page, so checks never read the old page.
async function submit (page, label) {
  await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${label}")`)])
}

async function heading (page) {
  return (await page.locator('h1').innerText()).trim()
}

function isoDate (d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

async function directory (page, base) {
  await page.goto(`${base}/directory`)
  check(await heading(page) === 'Family hubs and services', 'the directory opens without signing in', page.url())
  const hubs = await page.locator('.govuk-summary-card').count()
  check(hubs > 0, 'the directory lists family hubs and services', `${hubs} entries`)
  await accessible(page, 'the directory')
  await page.selectOption('#offer', 'parenting')
  await submit(page, 'Search')
  check(page.url().includes('offer=parenting'), 'the directory filters by what a service offers', page.url())
  // A hub's postcode, to give the new child an address the council knows.
  const address = await page.locator('.govuk-summary-card').first().locator('dd').nth(1).innerText()
  return address.split(', ').pop().trim()
}

async function signIn (page, base) {
  await page.goto(`${base}/sign-in`)
  await page.fill('#username', 'practitioner')
  await page.fill('#password', password)
  await submit(page, 'Sign in')
  check(page.url().endsWith('/my-work'), 'the practitioner signs in', page.url())
}

async function contact (page, base, postcode) {
  await page.goto(`${base}/front-door`)
  check(await heading(page) === 'Front door', 'the front door opens')
  await accessible(page, 'the front door')
  // A mistake first: no last name. What was typed must survive.
  await page.check('#source-3') // School
  await page.fill('#referrer_name', 'Ms Rowan Patel')
  await page.fill('#referrer_organisation', 'Designated safeguarding lead')
  await page.fill('#forename', 'Robin')
  await page.fill('#birth_date', '2017-03-04')
  await page.check('#sex')
  await page.fill('#postcode', postcode)
  await submit(page, 'Record contact')
  check(await page.locator('.govuk-error-summary a[href="#surname"]').isVisible(), 'a missing last name is named in the error summary')
  check(await page.inputValue('#forename') === 'Robin' && await page.inputValue('#postcode') === postcode &&
    await page.isChecked('#source-3'), 'the form keeps what was typed')
  await accessible(page, 'the front door with an error')
  await page.fill('#surname', 'Quill')
  await submit(page, 'Record contact')
  check(/\/front-door\/contacts\/\d+$/.test(page.url()), 'the contact is recorded', page.url())
  check((await heading(page)) === 'Contact about Robin Quill', 'the contact page names the child')
  const routing = await page.locator('#routing + dl').innerText()
  check(routing.includes('Locality') && !routing.includes('Not recorded\nFamily hub'), 'a locality and hub are suggested', routing)
  await accessible(page, 'the contact')
}

async function decide (page) {
  await page.fill('#needs', 'Mum says Robin is not sleeping and she is struggling since the baby came')
  await page.fill('#best_placed', 'Family hub key worker')
  await page.fill('#referrer_next_step', 'School to tell mum about the hub today')
  await page.check('#referrer_keeps_lead')
  await page.selectOption('#check_agency_1', 'health')
  await page.fill('#check_finding_1', 'Health visitor: known, no concerns')
  await page.selectOption('#check_agency_2', 'police')
  await page.fill('#check_finding_2', 'nothing known')
  await page.check('#decision-4') // Early help
  await submit(page, 'Save decision')
  check(await page.getByText('The decision has been saved.').isVisible(), 'the conversation and decision are saved')
  check((await page.locator('dl').last().innerText()).includes('Early help'), 'the decision shows as early help')
  await accessible(page, 'the decided contact')
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Open the family\'s early help record")')])
  check(/\/families\/\d+\/early-help$/.test(page.url()), "the family's early help record opens", page.url())
}

async function earlyHelp (page) {
  await accessible(page, 'the early help record')
  const today = new Date()
  const health = await page.locator('#worker_id option').evaluateAll(os => os.filter(o => o.text.includes('(health')).map(o => o.value))
  check(health.length > 0, 'a health practitioner can join the team around the family')
  await page.selectOption('#worker_id', health[0])
  await page.check('#lead')
  await submit(page, 'Add to the team')
  check(await page.getByText('The team around the family has been updated.').isVisible(), 'the lead professional joins the team')
  check((await page.locator('#taf-table').innerText()).includes('(lead professional)'), 'the team shows the lead professional')
  await page.fill('#outcome', 'Robin sleeps through the night')
  await page.fill('#action', 'Bedtime routine sessions at the hub')
  await page.fill('#owner', 'Hub key worker')
  await submit(page, 'Add to the plan')
  check(await page.getByText('Added to the family plan.').isVisible() &&
    (await page.locator('#plan-table').innerText()).includes('Robin sleeps through the night'),
  'the family plan has an outcome and action', await page.locator('main').innerText())
  // A review with a mistake (no date) keeps the progress typed.
  await page.fill('#progress', 'Bedtimes calmer, mum more confident')
  await page.check('#review_decision')
  await submit(page, 'Record review')
  check(await page.locator('.govuk-error-summary a[href="#review_date"]').isVisible(), 'a review without a date is named in the error summary')
  check(await page.inputValue('#progress') === 'Bedtimes calmer, mum more confident', 'the review keeps what was typed')
  await accessible(page, 'the early help record with an error')
  await page.fill('#review_date', isoDate(today))
  await page.fill('#next_review_date', isoDate(new Date(today.getTime() + 56 * 86400000)))
  await submit(page, 'Record review')
  check(await page.getByText('The review has been recorded.').isVisible(), 'the review is recorded')
  await page.check('#step_up_person')
  await page.fill('#step_up_reason', 'Robin told the teacher about being hit at home')
  await submit(page, 'Step up')
  check(await page.getByText('The child has been stepped up: a referral is open.').isVisible(), 'the child is stepped up')
  await accessible(page, 'the early help record after step-up')
  await page.screenshot({ path: join(workDir, 'early-help.png'), fullPage: true })
}

async function chronology (page) {
  const rows = await page.locator('table[id^="chronology-"] tbody tr td:last-child').allInnerTexts()
  const once = (what, test) => {
    const n = rows.filter(test).length
    check(n === 1, `the chronology shows "${what}" exactly once`, `${n} times in: ${rows.join(' | ')}`)
  }
  once('Contact from school', r => r === 'Contact from school, decision: early_help')
  once('Early help started', r => r === 'Early help started for the family')
  once('Lead professional', r => r.startsWith('Lead professional: '))
  once('joined the team around the family', r => r.endsWith('joined the team around the family'))
  once('Early help review', r => r === 'Early help review: plan continues')
  once('Early help ended (step_up)', r => r === 'Early help ended (step_up)')
  once('Stepped up: referral', r => r === "Stepped up from early help: Referral to children's social care (source 5D)")
  check(rows.length === 7, 'the chronology has those seven steps and nothing else', rows.join(' | '))
}

const db = makeCouncil()
if (!db) finish(1)
let server
let browser
try {
  const started = await startServer(kith, db)
  server = started.server
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  const page = await browser.newPage()
  const refused = []
  page.on('console', m => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()) })
  const postcode = await directory(page, started.base)
  await signIn(page, started.base)
  await contact(page, started.base, postcode)
  await decide(page)
  await earlyHelp(page)
  await chronology(page)
  check(refused.length === 0, 'the pages break no Content-Security-Policy rule', refused.join('; '))
} catch (e) {
  check(false, 'the journey ran to the end', e.message)
} finally {
  await browser?.close()
  if (server) check(await stopServer(server) === 0, 'kith serve stops cleanly on SIGTERM')
}
finish()
