// One family's whole journey, in one continuous run in Chromium (issue 4):
// a school's contact and the conversation at the front door, early help with
// a lead professional, step-up to children's social care on the same family
// record, allocation, the assessment (authorised by the team manager), the
// strategy discussion, section 47, the initial conference and a CP plan with
// its category, then care (legal status, a placement chosen from the
// sufficiency search), a visit and the first looked-after review, and the
// care leaver record with the pathway plan and personal adviser. The third
// social worker in 12 months brings the continuity warning, which demands a
// reason. Every deadline shown is checked against dates worked out by hand
// below; the chronology must show each step once, in date order, with the
// child's details typed only at the front door; every write must be in the
// audit log once, under the user who made it; axe-core must find no
// violations on any page.
//
// The server's date is fixed with `kith serve --today` and moved on between
// stages (the server is restarted, the database kept), because the front
// door, early help, step-up and the manager's authorisation are dated "today"
// by the product; the statutory forms take the date of each step.
//
// Bank holidays (England and Wales) the hand calculations cross:
//   Thu 25 Dec 2025 Christmas Day, Fri 26 Dec 2025 Boxing Day,
//   Thu 1 Jan 2026 New Year's Day, Fri 3 Apr 2026 Good Friday,
//   Mon 6 Apr 2026 Easter Monday.
// "N working days from D" counts D as day 0 and skips weekends and those days.
//
// Run from the source tree: node tests/browser/whole_journey.test.mjs (shared
// set-up: tests/browser/journey_kit.mjs).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

import {
  accessible, check, finish, heading, kith, launchChromium, makeCouncil, signInAs as signInAt, signOut, submit
} from './journey_kit.mjs'
import { startServer, stopServer } from './kith_server.mjs'

// The stages, each with the date the server takes as today.
const stage = {
  frontDoor: '2025-10-13', // Mon: contact, conversation, early help, lead professional
  stepUp: '2025-11-03', // Mon: step-up, allocation, assessment starts
  assessed: '2025-12-19', // Fri: manager authorises (completed 17 Dec), strategy discussion
  enquiry: '2025-12-23', // Tue: section 47 completed, ICPC needed
  conference: '2026-01-13', // Tue: ICPC, CP plan (neglect)
  care: '2026-03-23', // Mon: CP plan ends, looked after, placement from the search, 2nd worker
  review: '2026-04-21', // Tue: visit (27 Mar) and the first looked-after review
  leaving: '2026-06-01', // Mon: pathway plan and personal adviser; 3rd worker: the continuity warning
  adult: '2027-05-20' // Thu: the 18th birthday: the period of care ends (E17), former relevant
}

// Deadlines worked out by hand (see the bank holidays above).
const expected = {
  // Assessment started Mon 3 Nov 2025 + 45 working days: Nov 4-7 (4), 10-14 (9),
  // 17-21 (14), 24-28 (19), Dec 1-5 (24), 8-12 (29), 15-19 (34), 22-24 (37),
  // [25, 26 Dec], 29-31 (40), [1 Jan], Fri 2 (41), Mon 5 - Thu 8 (45).
  assessment: '8 January 2026',
  // Strategy discussion Fri 19 Dec 2025 + 15 working days: 22, 23, 24 (3),
  // [25, 26], 29, 30, 31 (6), [1 Jan], 2 (7), 5-9 (12), 12, 13, 14 (15).
  icpc: '14 January 2026',
  // CP plan from the ICPC on Tue 13 Jan 2026: review conference 3 months later.
  cpReview: '13 April 2026',
  // CP visits every 10 working days from the plan's start: 14, 15, 16 (3),
  // 19-23 (8), 26, 27 (10).
  cpVisit: '27 January 2026',
  // Looked after from Mon 23 Mar 2026 + 20 working days: 24-27 (4), 30, 31,
  // 1, 2 Apr (8), [3 Apr Good Friday, 6 Apr Easter Monday], 7-10 (12),
  // 13-17 (17), 20, 21, 22 (20).
  firstClaReview: '22 April 2026',
  initialHealth: '22 April 2026', // the same 20 working days
  // Placement from 23 Mar 2026: first visit within a week.
  firstVisit: '30 March 2026',
  // Visit on Fri 27 Mar 2026, in the placement's first year: 6 weeks (42 days) later.
  nextVisit: '8 May 2026',
  // First review held Tue 21 Apr 2026: the second 3 months later.
  secondClaReview: '21 July 2026'
}

const child = { forename: 'Jordan', surname: 'Ashdown', birth: '2009-05-20', birthShown: '20 May 2009' }

async function banner (page, text) {
  return (await page.locator('.govuk-notification-banner').allInnerTexts()).some(t => t.includes(text))
}

// The journey's state, carried from stage to stage.
const j = { base: '', childId: null, familyId: null, practitioner: null, workers: [], provider: null, formsSeen: 0, formsClean: 0 }

function signInAs (page, user) {
  return signInAt(page, j.base, user)
}

async function me (page) {
  return (await page.request.get(`${j.base}/api/v1/me`)).json()
}

// The child's record, with its statutory tasks as { task: due }.
async function openChild (page, what) {
  await page.goto(`${j.base}/children/${j.childId}`)
  check(await heading(page) === `${child.forename} ${child.surname}`, `the child's record opens ${what}`, await heading(page))
  await accessible(page, `the child's record ${what}`)
}

async function tasks (page) {
  if (await page.locator('#tasks').count() === 0) return {}
  const rows = await page.locator('#tasks tbody tr').evaluateAll(trs =>
    trs.map(tr => [...tr.querySelectorAll('th, td')].map(c => c.innerText.trim())))
  return Object.fromEntries(rows.map(r => [r[0], r[1]]))
}

async function due (page, task, date) {
  const all = await tasks(page)
  check(all[task] === date, `"${task}" is due on ${date}`, JSON.stringify(all))
}

// Follows a "Record statutory work" link on the child's record to its form,
// which must not ask again for anything typed at the front door.
async function form (page, label) {
  await Promise.all([page.waitForNavigation(), page.click(`#statutory-work ~ ul a:has-text("${label}")`)])
  await accessible(page, `the form "${label}"`)
  const rekeyed = await page.locator('input[name="forename"], input[name="surname"], input[name="birth_date"]').count()
  if (rekeyed > 0) check(false, `the form "${label}" asks again for the child's details`)
  else j.formsClean++
  j.formsSeen++
}

async function saved (page, text) {
  check(await banner(page, text), text, (await page.locator('main').innerText()).slice(0, 400))
}

// Stage 1 -----------------------------------------------------------------------------------

// The family lives near a family hub of the practitioner's locality, so the
// front door routes the family to that locality.
async function localPostcode (page) {
  await page.goto(`${j.base}/directory`)
  await accessible(page, 'the directory')
  await page.goto(`${j.base}/localities/${j.practitioner.locality_id}`)
  await accessible(page, "the practitioner's locality")
  const cells = await page.locator('#hubs tbody tr').first().locator('th, td').allInnerTexts()
  check(cells.length === 2, "the practitioner's locality lists a family hub with its postcode", cells.join(' | '))
  return cells[1].trim()
}

async function frontDoor (page, postcode) {
  await page.goto(`${j.base}/front-door`)
  check(await heading(page) === 'Front door', 'the front door opens')
  await accessible(page, 'the front door')
  await page.check('#source-3') // School
  await page.fill('#referrer_name', 'Ms Rowan Patel')
  await page.fill('#referrer_organisation', 'Designated safeguarding lead')
  await page.fill('#forename', child.forename)
  await page.fill('#surname', child.surname)
  await page.fill('#birth_date', child.birth)
  await page.check('#sex')
  await page.fill('#postcode', postcode)
  await submit(page, 'Record contact')
  check(/\/front-door\/contacts\/\d+$/.test(page.url()), 'the contact is recorded', page.url())
  await accessible(page, 'the contact')
  await page.fill('#needs', 'Mum is struggling with the younger children; school attendance has dropped')
  await page.fill('#best_placed', 'Family hub key worker')
  await page.fill('#referrer_next_step', 'School to tell mum about the hub today')
  await page.check('#referrer_keeps_lead')
  await page.selectOption('#check_agency_1', 'health')
  await page.fill('#check_finding_1', 'School nurse: known, no concerns')
  await page.check('#decision-4') // Early help
  await submit(page, 'Save decision')
  check(await page.getByText('The decision has been saved.').isVisible(), 'the conversation and the decision (early help) are saved')
  await accessible(page, 'the decided contact')
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Open the family\'s early help record")')])
  const m = page.url().match(/\/families\/(\d+)\/early-help$/)
  check(m !== null, "the family's early help record opens", page.url())
  j.familyId = m?.[1]
}

async function leadProfessional (page) {
  await accessible(page, 'the early help record')
  const health = await page.locator('#worker_id option').evaluateAll(os => os.filter(o => o.text.includes('(health')).map(o => o.value))
  check(health.length > 0, 'a health practitioner can join the team around the family')
  await page.selectOption('#worker_id', health[0])
  await page.check('#lead')
  await submit(page, 'Add to the team')
  check((await page.locator('#taf-table').innerText()).includes('(lead professional)'), 'the team shows the lead professional')
  const table = await page.locator('table[id^="chronology-"]').getAttribute('id')
  j.childId = table?.replace('chronology-', '')
  check(/^\d+$/.test(j.childId ?? ''), "the family's record lists the child", table)
}

// Stage 2 -----------------------------------------------------------------------------------

async function stepUp (page) {
  await page.goto(`${j.base}/families/${j.familyId}/early-help`)
  await page.check('#step_up_person')
  await page.fill('#step_up_reason', 'Told the school nurse about being hit at home')
  await submit(page, 'Step up')
  check(await page.getByText('The child has been stepped up: a referral is open.').isVisible(), 'the child is stepped up on the same family record')
  await accessible(page, 'the early help record after step-up')
}

// The allocation page's social workers as [{ value, label }].
async function workerOptions (page) {
  return page.locator('#worker_id option').evaluateAll(os => os.filter(o => o.value).map(o => ({ value: o.value, label: o.text })))
}

async function allocate (page, workerId, date, reason) {
  await page.selectOption('#worker_id', workerId)
  await page.fill('#allocation_date', date)
  if (reason) await page.selectOption('#reason', reason)
  await submit(page, 'Allocate')
}

async function firstAllocation (page) {
  await page.goto(`${j.base}/allocations`)
  await accessible(page, 'the children waiting for a social worker')
  const link = page.locator(`#waiting a[href="/children/${j.childId}/allocation"]`)
  check(await link.count() === 1, 'the stepped-up child waits for a social worker in the team manager\'s list',
    await page.locator('main').innerText())
  await Promise.all([page.waitForNavigation(), link.click()])
  await accessible(page, 'the allocation page')
  const options = await workerOptions(page)
  const mine = options.find(o => o.value === String(j.practitioner.worker_id))
  if (!check(mine !== undefined, "the practitioner's worker can be allocated", JSON.stringify(options.slice(0, 5)))) throw new Error('no worker')
  // Two more social workers of the same team, for the changes of worker later.
  const team = mine.label.slice(mine.label.lastIndexOf('('))
  j.workers = [mine, ...options.filter(o => o.value !== mine.value && o.label.endsWith(team))]
  check(j.workers.length >= 3, 'the team has three social workers', JSON.stringify(j.workers))
  await allocate(page, mine.value, stage.stepUp, '')
  check(page.url().endsWith(`/children/${j.childId}`), 'the child is allocated to the practitioner', page.url())
  check((await page.locator('main dl').first().innerText()).includes(mine.label.slice(0, mine.label.lastIndexOf(' ('))),
    'the record shows the allocated worker')
}

async function startAssessment (page) {
  await openChild(page, 'after allocation')
  const summary = await page.locator('main dl').first().innerText()
  check(summary.includes(child.birthShown), 'the record shows the date of birth typed at the front door', summary)
  check(/Age\s+16\b/.test(summary), 'the child is 16 on the fixed date (3 November 2025)', summary)
  await form(page, 'Start a child and family assessment')
  check(await page.inputValue('#start_date') === stage.stepUp, 'the form suggests today (the fixed date) for the start')
  await submit(page, 'Start assessment')
  await saved(page, 'The assessment has started.')
  await due(page, 'Assessment', expected.assessment)
}

// Stage 3 -----------------------------------------------------------------------------------

async function completeAssessment (page) {
  await openChild(page, 'before the assessment is completed')
  await form(page, 'Complete the assessment')
  await page.check('input[name="factor_18C"]')
  await page.check('input[name="factor_16A"]')
  await page.check('input[name="outcome"][value="strategy_discussion"]')
  await page.fill('#completed_date', '2025-12-17')
  await submit(page, 'Send for authorisation')
  await saved(page, 'The assessment has been sent to a manager for authorisation.')
  await due(page, 'Assessment', expected.assessment) // still due until authorised
}

async function authorise (page) {
  await page.goto(`${j.base}/authorisations`)
  await accessible(page, 'the authorisation list')
  const card = page.locator('.govuk-summary-card', { hasText: `Assessment: ${child.forename} ${child.surname}` }).first()
  check(await card.count() === 1, "the child's assessment waits for the team manager")
  await Promise.all([page.waitForNavigation(), card.locator('button:has-text("Authorise")').click()])
  check(await page.getByText('Your decision has been recorded.').isVisible(), 'the team manager authorises the assessment')
}

async function strategy (page) {
  await openChild(page, 'after authorisation')
  check(!('Assessment' in await tasks(page)), 'the authorised assessment is no longer due')
  await form(page, 'Record a strategy discussion')
  await page.fill('#discussion_date', '2025-12-19')
  await page.check('input[name="s47_needed"][value="yes"]')
  await submit(page, 'Record strategy discussion')
  await saved(page, 'The strategy discussion has been recorded.')
}

// Stage 4 -----------------------------------------------------------------------------------

async function section47 (page) {
  await openChild(page, 'during the section 47 enquiry')
  await form(page, 'Complete the section 47 enquiry')
  await page.fill('#s47_end_date', stage.enquiry)
  await page.check('input[name="s47_outcome"][value="icpc"]')
  await submit(page, 'Record outcome')
  await saved(page, 'The section 47 enquiry has been completed.')
  await due(page, 'Initial child protection conference', expected.icpc)
}

// Stage 5 -----------------------------------------------------------------------------------

async function conference (page) {
  await openChild(page, 'before the initial conference')
  await form(page, 'Record a child protection conference')
  await page.check('input[name="kind"][value="initial"]')
  await page.fill('#conference_date', stage.conference)
  await page.check('input[name="plan_required"][value="yes"]')
  await page.selectOption('#category', 'NEG')
  await page.fill('#wishes_feelings', 'I want there to be food in the house')
  await submit(page, 'Record conference')
  await saved(page, 'The conference has been recorded.')
  const summary = await page.locator('main dl').first().innerText()
  check(summary.includes('Child protection plan'), 'the child is on a child protection plan', summary)
  await due(page, 'Child protection review conference', expected.cpReview)
  await due(page, 'Child protection visit', expected.cpVisit)
  check(!('Initial child protection conference' in await tasks(page)), 'the held ICPC is no longer due')
}

// Stage 6 -----------------------------------------------------------------------------------

// The sufficiency search from the child's home postcode: in-house foster
// carers within £900 a week, nearest first. The nearest is chosen.
async function placementSearch (page) {
  await openChild(page, 'before care')
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Find a placement for this child")')])
  await page.fill('#budget', '900')
  await page.selectOption('#type', 'in_house_fostering')
  await submit(page, 'Search')
  await accessible(page, 'the placement search')
  const rows = await page.locator('#options tbody tr').evaluateAll(trs => trs.map(tr => {
    const cells = [...tr.querySelectorAll('th, td')].map(c => c.innerText.trim())
    return { href: tr.querySelector('a').getAttribute('href'), name: cells[0], miles: cells[2], cost: cells[4] }
  }))
  if (!check(rows.length > 0, 'the search finds in-house foster carers with a vacancy within the budget')) throw new Error('no placement')
  const miles = rows.map(r => parseFloat(r.miles))
  check(miles.every((m, i) => !Number.isNaN(m) && (i === 0 || miles[i - 1] <= m)), 'the options are nearest first', rows.map(r => r.miles).join(', '))
  const pounds = rows.map(r => parseFloat(r.cost.replace(/[£,]/g, '')))
  check(pounds.every(p => p <= 900), 'every option is within £900 a week', rows.map(r => r.cost).join(', '))
  j.provider = { id: rows[0].href.split('/').pop(), name: rows[0].name }
}

async function endPlanAndStartCare (page) {
  await openChild(page, 'as care begins')
  await form(page, 'End the child protection plan')
  await page.fill('#end_date', stage.care)
  await submit(page, 'End plan')
  await saved(page, 'The child protection plan has ended.')
  await form(page, 'Start a period of care')
  await page.fill('#start_date', stage.care)
  await page.selectOption('#legal_status', 'C1')
  await page.selectOption('#category_of_need', 'N1')
  await page.selectOption('#placement_type', 'U6')
  await page.selectOption('#provider_code', 'PR1')
  await page.selectOption('#provider_id', j.provider.id)
  await page.fill('#postcode', 'M1 1AE')
  await submit(page, 'Start period of care')
  await saved(page, 'The period of care has started.')
  const summary = await page.locator('main dl').first().innerText()
  check(summary.includes('C1'), 'the record shows the legal status', summary)
  check(summary.includes('U6'), 'the record shows the placement', summary)
  await due(page, 'Looked-after review', expected.firstClaReview)
  await due(page, 'Statutory visit', expected.firstVisit)
  await due(page, 'Initial health assessment', expected.initialHealth)
  const all = await tasks(page)
  check(!('Child protection review conference' in all) && !('Child protection visit' in all), 'the ended CP plan has no tasks left', JSON.stringify(all))
}

// A second worker: a change needs a reason, but no continuity warning yet.
async function secondWorker (page) {
  await page.goto(`${j.base}/children/${j.childId}/allocation`)
  await allocate(page, j.workers[1].value, stage.care, 'caseload')
  check(page.url().endsWith(`/children/${j.childId}`), 'the second social worker is allocated without a warning', page.url())
}

// Stage 7 -----------------------------------------------------------------------------------

async function visitAndReview (page) {
  await openChild(page, 'while looked after')
  await form(page, 'Record a visit')
  await page.fill('#visit_date', '2026-03-27')
  await page.check('input[name="context"][value="cla"]')
  await page.check('input[name="seen"][value="yes"]')
  await page.check('#seen_alone')
  await page.fill('#wishes_feelings', 'I like my foster carers and want to stay at my school')
  await submit(page, 'Record visit')
  await saved(page, 'The visit has been recorded.')
  await due(page, 'Statutory visit', expected.nextVisit)
  await form(page, 'Record a looked-after review')
  await page.fill('#review_date', stage.review)
  await page.selectOption('#participation', 'PN1')
  await page.fill('#wishes_feelings', 'I want to see my little brothers every week')
  await submit(page, 'Record review')
  await saved(page, 'The review has been recorded.')
  await due(page, 'Looked-after review', expected.secondClaReview)
}

// Stage 8 -----------------------------------------------------------------------------------

async function thirdWorker (page) {
  await page.goto(`${j.base}/children/${j.childId}`)
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Allocate a social worker")')])
  await page.selectOption('#worker_id', j.workers[2].value)
  await page.fill('#allocation_date', stage.leaving)
  await submit(page, 'Allocate')
  const warning = page.locator('#continuity-warning')
  check(await warning.count() === 1 && (await warning.innerText()).includes("3rd social worker in 12 months"),
    'the continuity warning appears for a 3rd social worker in 12 months', await page.locator('main').innerText())
  check(await page.locator('.govuk-error-summary a[href="#reason"]').isVisible(), 'the warning demands a reason')
  check(await page.inputValue('#worker_id') === j.workers[2].value, 'the allocation form keeps the worker chosen')
  await accessible(page, 'the allocation page with the continuity warning')
  await page.selectOption('#reason', 'worker_left')
  await submit(page, 'Allocate')
  check(page.url().endsWith(`/children/${j.childId}`), 'with a reason the third social worker is allocated', page.url())
}

async function pathwayPlan (page) {
  await openChild(page, 'as the young person prepares to leave care')
  check(/Age\s+17\b/.test(await page.locator('main dl').first().innerText()), 'the young person is 17 on the fixed date (1 June 2026)')
  await form(page, 'Record the pathway plan')
  await page.fill('#plan_date', stage.leaving)
  const advisers = await page.locator('#personal_adviser_id option').evaluateAll(os => os.filter(o => o.value).map(o => o.value))
  check(advisers.length > 0, 'a personal adviser can be chosen')
  await page.selectOption('#personal_adviser_id', advisers[0])
  await page.check('input[name="eligibility"][value="relevant"]')
  await submit(page, 'Record pathway plan')
  await saved(page, 'The pathway plan has been recorded.')
  check(await page.locator('#statutory-work ~ ul a:has-text("Record a birthday contact")').count() === 1,
    'the care leaver record exists (birthday contacts can be recorded)')
}

// On the 18th birthday the period of care ends. Eligibility is worked out from the period: looked
// after from Mon 23 Mar 2026 to Thu 20 May 2027 = 365 days (to 23 Mar 2027, no 29 February) + 31 (to
// 23 Apr) + 27 (to 20 May) = 423 days, all after the 14th birthday and ending on the 18th: former relevant.
async function endCare (page) {
  await openChild(page, 'on the 18th birthday')
  const before = await page.locator('main').innerText()
  check(before.includes('Looked after 423 days since the 14th birthday (91 needed); still looked after.'),
    'the record counts the days looked after since the 14th birthday', before.slice(0, 2000))
  await form(page, 'End the period of care')
  check(await page.inputValue('#end_date') === stage.adult, 'the form suggests today (the 18th birthday) for the end')
  await page.selectOption('#reason_ceased', 'E17')
  await submit(page, 'End period of care')
  await saved(page, 'The period of care has ended.')
  const after = await page.locator('main').innerText()
  check(after.includes('Former relevant. Looked after 423 days since the 14th birthday (91 needed); looked after on or after the 16th birthday, has left care.'),
    'after care ends at 18 the record says former relevant', after.slice(0, 2000))
  check(await page.locator('#statutory-work ~ ul a:has-text("End the period of care")').count() === 0,
    'the form is no longer offered once care has ended')
}

// The chronology: each step once, on its date, in date order --------------------------------

async function chronology (page) {
  await page.goto(`${j.base}/children/${j.childId}`)
  const rows = await page.locator('#chronology-table tbody tr').evaluateAll(trs =>
    trs.map(tr => [...tr.querySelectorAll('th, td')].map(c => c.innerText.trim())))
  const [w1, w2, w3] = j.workers.map(w => w.label)
  const steps = [
    ['13 October 2025', r => r === 'Contact from school, decision: early_help'],
    ['13 October 2025', r => r === 'Early help started for the family'],
    ['13 October 2025', r => r.startsWith('Lead professional: ') && r.endsWith('(health)')],
    ['13 October 2025', r => r.endsWith('(health) joined the team around the family')],
    ['3 November 2025', r => r === 'Early help ended (step_up)'],
    ['3 November 2025', r => r === "Stepped up from early help: Referral to children's social care (source 5D)"],
    ['3 November 2025', r => r === `Allocated to ${w1}`],
    ['3 November 2025', r => r === 'Child and family assessment started'],
    ['17 December 2025', r => r === 'Assessment completed by the worker'],
    ['19 December 2025', r => r === 'Assessment authorised: strategy_discussion'],
    ['19 December 2025', r => r === 'Strategy discussion'],
    ['19 December 2025', r => r === 'Section 47 enquiry started'],
    ['23 December 2025', r => r === 'Section 47 enquiry completed: initial conference needed'],
    ['13 January 2026', r => r === 'Initial child protection conference'],
    ['13 January 2026', r => r === 'Child protection plan started (NEG)'],
    ['23 March 2026', r => r === 'Child protection plan ended'],
    ['23 March 2026', r => r === 'Started to be looked after'],
    ['23 March 2026', r => r === 'Legal status C1'],
    ['23 March 2026', r => r === 'Placement started (U6)'],
    ['23 March 2026', r => r === `Allocated to ${w2} - reason: caseload`],
    ['27 March 2026', r => r === 'Visit, seen alone'],
    ['21 April 2026', r => r === 'Looked-after review (PN1)'],
    ['1 June 2026', r => r === 'Pathway plan (relevant)'],
    ['1 June 2026', r => r === `Allocated to ${w3} - reason: worker left`]
  ]
  let last = -1
  let lastDate = ''
  for (const [date, test] of steps) {
    const at = rows.map((r, i) => test(r[r.length - 1]) ? i : -1).filter(i => i >= 0)
    const what = at.length ? rows[at[0]][rows[at[0]].length - 1] : String(test)
    if (!check(at.length === 1, `the chronology shows "${what}" exactly once`, `${at.length} times`)) continue
    check(rows[at[0]][0] === date, `"${what}" is dated ${date}`, rows[at[0]][0])
    // Steps of one day may be listed in any order; a later day always comes later.
    if (date !== lastDate) check(at[0] > last, `"${what}" comes after the steps before it`, `row ${at[0]} after row ${last}`)
    last = Math.max(last, at[0])
    lastDate = date
  }
  const journeyRows = rows.length
  check(journeyRows === steps.length, 'the chronology has those steps and nothing else', rows.map(r => `${r[0]}: ${r[r.length - 1]}`).join(' | '))
  // Start and complete the assessment, strategy, section 47, conference, end of
  // the plan, care, visit, review, pathway plan: ten forms, none asking again.
  check(j.formsSeen === 10 && j.formsClean === 10, "no statutory form asked again for the child's details",
    `${j.formsClean} of ${j.formsSeen} forms did not`)
  await page.screenshot({ path: join(workDir, 'whole-journey.png'), fullPage: true })
}

// The audit log, read as an auditor does with `kith audit list` ------------------------------

function auditEntries (db) {
  const r = spawnSync(kith, ['audit', 'list', '--db', db, '--person', j.childId, '--format', 'json'], { encoding: 'utf8' })
  if (!check(r.status === 0, 'kith audit list runs', r.stderr)) return []
  const text = r.stdout
  check(!text.includes(child.forename) && !text.includes(child.surname) && !text.includes(child.birth),
    "the auditor's list never names the child")
  return JSON.parse(text).entries
}

function audit (db) {
  const entries = auditEntries(db)
  const count = (user, action, record) => entries.filter(e => e.user === user && e.action === action && e.record === record).length
  const once = (user, action, record, what) =>
    check(count(user, action, record) === 1, `the audit log has ${what} once, by ${user}`,
      `${count(user, action, record)} entries for ${user} ${action} ${record}`)
  once('practitioner', 'create', 'person', 'the child created at the front door')
  once('practitioner', 'create', 'contact', 'the contact')
  once('practitioner', 'create', 'conversation', 'the conversation')
  once('practitioner', 'create', 'early_help_episode', 'early help starting')
  once('practitioner', 'create', 'taf_member', 'the lead professional joining the team')
  once('practitioner', 'update', 'early_help_episode', 'early help ending at step-up')
  once('practitioner', 'create', 'cin_episode', 'the referral at step-up')
  check(count('team_manager', 'create', 'involvement') === 3, 'the audit log has the three allocations, by team_manager',
    `${count('team_manager', 'create', 'involvement')}`)
  once('practitioner', 'create', 'assessment', 'the assessment starting')
  once('practitioner', 'update', 'assessment', 'the assessment completed')
  once('team_manager', 'update', 'authorisation', 'the authorisation')
  once('practitioner', 'create', 'strategy_discussion', 'the strategy discussion')
  once('practitioner', 'update', 'section47', 'the section 47 outcome')
  once('practitioner', 'create', 'conference', 'the initial conference')
  once('practitioner', 'create', 'cp_plan', 'the CP plan')
  once('practitioner', 'update', 'cp_plan', 'the CP plan ending')
  once('practitioner', 'create', 'cla_period', 'the period of care')
  once('practitioner', 'create', 'legal_status', 'the legal status')
  once('practitioner', 'create', 'placement', 'the placement')
  once('practitioner', 'create', 'visit', 'the visit')
  once('practitioner', 'create', 'cla_review', 'the looked-after review')
  once('practitioner', 'create', 'care_leaver', 'the care leaver record')
  check(count('practitioner', 'read', 'person') > 0, "the practitioner's reading of the child's record is audited")
  check(count('team_manager', 'read', 'person') > 0, "the team manager's reading of the child's record is audited")
  check(entries.every(e => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(e.at)), 'every entry says when, to the second')
  const verify = spawnSync(kith, ['audit', 'verify', '--db', db], { encoding: 'utf8' })
  check(verify.status === 0, 'the audit chain verifies after the journey', verify.stdout + verify.stderr)
  if (process.env.KITH_JOURNEY_DEBUG) console.log(JSON.stringify(entries, null, 1))
}

// The run ----------------------------------------------------------------------------------------

// The council's history ends the day before the journey starts.
const workDir = process.env.KITH_WORK_DIR && join(process.env.KITH_WORK_DIR, 'whole-journey')
const db = makeCouncil(workDir, ['--seed', '7', '--scale', '0.2', '--until', '2025-10-12'])
if (!db) finish(1)
let server = null
let browser
const refused = []

// (Re)starts the server with the stage's date as today.
async function serveOn (today) {
  if (server) check(await stopServer(server) === 0, `kith serve stops cleanly before ${today}`)
  server = null
  const started = await startServer(kith, db, { today })
  server = started.server
  j.base = started.base
  await new Promise(resolve => setTimeout(resolve, 50))
  check(started.output().includes(`The clock is fixed: today is`) && started.output().includes(`(${today})`),
    `kith serve says the clock is fixed at ${today}`, started.output())
}

try {
  const t0 = Date.now()
  browser = await launchChromium()
  const page = await browser.newPage()
  page.on('console', m => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()) })

  await serveOn(stage.frontDoor)
  await signInAs(page, 'practitioner')
  j.practitioner = await me(page)
  const postcode = await localPostcode(page)
  await frontDoor(page, postcode)
  await leadProfessional(page)
  await signOut(page)

  await serveOn(stage.stepUp)
  await signInAs(page, 'practitioner')
  await stepUp(page)
  await signOut(page)
  await signInAs(page, 'team_manager')
  await firstAllocation(page)
  await signOut(page)
  await signInAs(page, 'practitioner')
  await startAssessment(page)

  await serveOn(stage.assessed)
  await completeAssessment(page)
  await signOut(page)
  await signInAs(page, 'team_manager')
  await authorise(page)
  await signOut(page)
  await signInAs(page, 'practitioner')
  await strategy(page)

  await serveOn(stage.enquiry)
  await section47(page)

  await serveOn(stage.conference)
  await conference(page)

  await serveOn(stage.care)
  await placementSearch(page)
  await endPlanAndStartCare(page)
  await signOut(page)
  await signInAs(page, 'team_manager')
  await secondWorker(page)
  await signOut(page)

  await serveOn(stage.review)
  await signInAs(page, 'practitioner')
  await visitAndReview(page)
  await signOut(page)

  await serveOn(stage.leaving)
  await signInAs(page, 'team_manager')
  await thirdWorker(page)
  await signOut(page)
  await signInAs(page, 'practitioner')
  await pathwayPlan(page)
  await chronology(page)

  await serveOn(stage.adult)
  await endCare(page)
  check(refused.length === 0, 'the pages break no Content-Security-Policy rule', refused.join('; '))
  console.log(`the journey took ${((Date.now() - t0) / 1000).toFixed(1)} s`)
} catch (e) {
  check(false, 'the journey ran to the end', e.stack)
} finally {
  await browser?.close()
  if (server) check(await stopServer(server) === 0, 'kith serve stops cleanly on SIGTERM')
}
if (j.childId) audit(db)
finish()
