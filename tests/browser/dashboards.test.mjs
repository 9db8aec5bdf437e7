// Browser test: a councillor signs in, opens the director's dashboard and
// the programme tracker, expands a chart's table view, and axe-core finds no
// accessibility violations on either page. Drives Debian's Chromium with
// playwright-core against `kith serve` over a small synthetic council with
// the example programme (data/programme/programme.json) loaded
// (tests/browser/journey_kit.mjs).
//
// Run from the source tree: node tests/browser/dashboards.test.mjs
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

import { accessible, check, kith, password, runJourney, webDir } from './journey_kit.mjs'

// Loads the example transformation programme into the council.
function loadProgramme (db) {
  const programme = join(webDir, '../data/programme/programme.json')
  const loaded = spawnSync(kith, ['programme', 'load', '--db', db, '--file', programme], { encoding: 'utf8' })
  if (loaded.status !== 0) console.error(`kith programme load failed (exit ${loaded.status}):\n${loaded.stderr}`)
  return loaded.status === 0
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

async function journey (page, base, workDir) {
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
  await accessible(page, 'the director\'s dashboard')

  await page.click('a:has-text("Programme")')
  check(page.url().endsWith('/programme'), 'the navigation leads to the programme', page.url())
  check(await page.getByText('Looked-after children from 697 to 500-600').first().isVisible(), 'the programme shows the looked-after milestone')
  const verdicts = await page.locator('table[id^="milestone-"] tbody tr').count()
  check(verdicts >= 10, 'the milestones list their measures', `${verdicts} measures`)
  await expandTable(page, 'programme')
  await page.screenshot({ path: join(workDir, 'programme.png'), fullPage: true })
  await accessible(page, 'the programme')
}

await runJourney({ name: 'dashboards', synthArgs: ['--seed', '7', '--scale', '0.05'], prepare: loadProgramme, journey })
