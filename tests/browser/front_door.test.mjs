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
// Run from the source tree: node tests/browser/front_door.test.mjs (shared set-up:
// tests/browser/journey_kit.mjs).
import { join } from 'node:path'

import { accessible, check, heading, isoDate, runJourney, signInAs, submit } from './journey_kit.mjs'

let workDir  // this journey's scratch folder, for screenshots

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

async function journey (page, base, dir) {
  workDir = dir
  const postcode = await directory(page, base)
  await signInAs(page, base, 'practitioner')
  check(page.url().endsWith('/my-work'), 'the practitioner starts on My work', page.url())
  await contact(page, base, postcode)
  await decide(page)
  await earlyHelp(page)
  await chronology(page)
}

await runJourney({ name: 'front-door', synthArgs: ['--seed', '7', '--scale', '0.05'], journey })
