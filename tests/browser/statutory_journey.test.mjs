// Browser journey through statutory work: from a child in need with an open
// referral on the practitioner's My work, the practitioner records a child
// and family assessment (first with a mistake, checking the form keeps what
// was typed), the team manager authorises it, then a strategy discussion,
// the section 47 enquiry, the initial conference starting a child protection
// plan, a review conference ending it, and the step-down to early help. The
// child's chronology then shows every step of today exactly once; axe-core
// finds no violations on any page. Drives Debian's Chromium with
// playwright-core against `kith serve` over a small synthetic council.
//
// Run from the source tree: node tests/browser/statutory_journey.test.mjs
// (shared set-up: tests/browser/journey_kit.mjs).
import { join } from 'node:path'

import { accessible, check, heading, isoDate, runJourney, signInAs, signOut, submit } from './journey_kit.mjs'

let workDir  // this journey's scratch folder, for screenshots

const kMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December']
function displayDate (d) { return `${d.getDate()} ${kMonths[d.getMonth()]} ${d.getFullYear()}` }

// The first child in need on My work: a child with an open referral.
async function childInNeed (page, base) {
  await page.goto(`${base}/my-work`)
  const links = await page.locator('#my-work tbody tr').evaluateAll(rows =>
    rows.filter(r => r.innerText.includes('Child in need')).map(r => r.querySelector('a').getAttribute('href')))
  for (const href of links) {
    await page.goto(base + href)
    const open = await page.locator('a:has-text("Start a child and family assessment"), a:has-text("Complete the assessment")').count()
    if (open > 0) return href
  }
  return null
}

async function follow (page, label) {
  await Promise.all([page.waitForNavigation(), page.click(`#statutory-work ~ ul a:has-text("${label}")`)])
  await accessible(page, label)
}

async function assessment (page) {
  if (await page.locator('a:has-text("Start a child and family assessment")').count() > 0) {
    await follow(page, 'Start a child and family assessment')
    await submit(page, 'Start assessment')
    check(await page.getByText('The assessment has started.').isVisible(), 'the assessment starts')
  }
  await follow(page, 'Complete the assessment')
  // A mistake first: no factor chosen. The outcome chosen must survive.
  await page.check('input[name="outcome"][value="strategy_discussion"]')
  await submit(page, 'Send for authorisation')
  check(await page.locator('.govuk-error-summary a[href="#factors"]').isVisible(), 'an assessment without factors is named in the error summary')
  check(await page.isChecked('input[name="outcome"][value="strategy_discussion"]'), 'the assessment form keeps what was chosen')
  await accessible(page, 'the assessment form with an error')
  await page.check('input[name="factor_3B"]')
  await page.check('input[name="factor_16A"]')
  await submit(page, 'Send for authorisation')
  check(await page.getByText('The assessment has been sent to a manager for authorisation.').isVisible(), 'the assessment goes for authorisation')
}

async function authorise (page, base, childName) {
  await page.goto(`${base}/authorisations`)
  check(await heading(page) === 'Awaiting authorisation', 'the team manager opens the authorisation list')
  await accessible(page, 'the authorisation list')
  const card = page.locator('.govuk-summary-card', { hasText: `Assessment: ${childName}` }).first()
  check(await card.count() === 1, "the child's assessment is waiting for the manager")
  await Promise.all([page.waitForNavigation(), card.locator('button:has-text("Authorise")').click()])
  check(await page.getByText('Your decision has been recorded.').isVisible(), 'the manager authorises the assessment')
}

async function protection (page) {
  await follow(page, 'Record a strategy discussion')
  await page.check('input[name="s47_needed"][value="yes"]')
  await submit(page, 'Record strategy discussion')
  check(await page.getByText('The strategy discussion has been recorded.').isVisible(), 'the strategy discussion is recorded')
  await follow(page, 'Complete the section 47 enquiry')
  await page.check('input[name="s47_outcome"][value="icpc"]')
  await submit(page, 'Record outcome')
  check(await page.getByText('The section 47 enquiry has been completed.').isVisible(), 'the section 47 enquiry is completed')
  check((await page.locator('#tasks').innerText()).includes('Initial child protection conference'), 'the initial conference falls due')
  await follow(page, 'Record a child protection conference')
  await page.check('input[name="kind"][value="initial"]')
  await page.check('input[name="plan_required"][value="yes"]')
  await page.selectOption('#category', 'NEG')
  await page.fill('#wishes_feelings', 'I want my dad to stop shouting')
  await submit(page, 'Record conference')
  check(await page.getByText('The conference has been recorded.').isVisible(), 'the initial conference is recorded')
  check((await page.locator('main').innerText()).includes('Child protection plan'), 'the child has a child protection plan')
  check((await page.locator('#voice-table').innerText()).includes('I want my dad to stop shouting'), "the child's words show in the voice of the child")
  await accessible(page, 'the child record on a plan')
  // Later: the review conference decides the plan is no longer needed.
  await follow(page, 'Record a child protection conference')
  await page.check('input[name="kind"][value="review"]')
  await page.check('input[name="plan_required"][value="no"]')
  await submit(page, 'Record conference')
  check(await page.getByText('The conference has been recorded.').isVisible(), 'the review conference ends the plan')
}

async function stepDown (page) {
  await Promise.all([page.waitForNavigation(), page.click('#statutory-work ~ ul a:has-text("Step down to early help")')])
  check(/\/families\/\d+\/early-help/.test(page.url()), "the family's early help record opens", page.url())
  await accessible(page, 'the early help record')
  const button = page.locator('#step-down ~ form button').first()
  await Promise.all([page.waitForNavigation(), button.click()])
  check(await page.getByText('The child has been stepped down to early help.').isVisible(), 'the child is stepped down')
}

async function chronology (page, base, child) {
  await page.goto(base + child)
  await accessible(page, 'the child record after step-down')
  const today = displayDate(new Date())
  const rows = (await page.locator('#chronology-table tbody tr').evaluateAll(trs =>
    trs.map(tr => [...tr.querySelectorAll('th, td')].map(c => c.innerText.trim()))))
    .filter(cells => cells[0] === today).map(cells => cells[cells.length - 1])
  const once = (what, test) => {
    const n = rows.filter(test).length
    check(n === 1, `the chronology shows "${what}" exactly once`, `${n} times in: ${rows.join(' | ')}`)
  }
  once('Assessment completed', r => r === 'Assessment completed by the worker')
  once('Assessment authorised', r => r === 'Assessment authorised: strategy_discussion')
  once('Strategy discussion', r => r === 'Strategy discussion')
  once('Section 47 enquiry started', r => r === 'Section 47 enquiry started')
  once('Section 47 enquiry completed', r => r === 'Section 47 enquiry completed: initial conference needed')
  once('Initial conference', r => r === 'Initial child protection conference')
  once('CP plan started', r => r === 'Child protection plan started (NEG)')
  once('Review conference', r => r === 'Review child protection conference')
  once('CP plan ended', r => r === 'Child protection plan ended')
  once('Referral closed', r => r === 'Child in need episode closed (RC7)')
  once('Stepped down', r => r === "Early help started for the family (stepped down from children's social care)")
  await page.screenshot({ path: join(workDir, 'statutory.png'), fullPage: true })
}

async function journey (page, base, dir) {
  workDir = dir
  await signInAs(page, base, 'practitioner')
  const child = await childInNeed(page, base)
  if (!check(child !== null, 'the practitioner has a child in need with an open referral')) throw new Error('no child in need')
  const childName = await heading(page)
  await accessible(page, 'the child record')
  await assessment(page)
  await signOut(page)
  await signInAs(page, base, 'team_manager')
  await authorise(page, base, childName)
  await signOut(page)
  await signInAs(page, base, 'practitioner')
  await page.goto(base + child)
  check(!(await page.locator('#tasks').innerText()).includes('Assessment'), 'the authorised assessment is no longer due')
  await protection(page)
  await stepDown(page)
  await chronology(page, base, child)
}

await runJourney({ name: 'statutory', synthArgs: ['--seed', '7', '--scale', '0.05'], journey })
