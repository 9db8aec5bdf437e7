// Browser test: a practitioner signs in, opens a child's record from "My
// work", the record passes axe-core's accessibility checks, and signing out
// ends the session. Drives Debian's Chromium with playwright-core against
// `kith serve` over a small synthetic council (tests/browser/journey_kit.mjs).
//
// Run from the source tree: node tests/browser/sign_in.test.mjs
import { join } from 'node:path'

import { accessible, check, password, runJourney } from './journey_kit.mjs'

async function journey (page, base, workDir) {
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

  await accessible(page, 'the child record')

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

await runJourney({ name: 'sign-in', synthArgs: ['--seed', '7', '--scale', '0.05'], journey })
