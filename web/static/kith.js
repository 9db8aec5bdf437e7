// Starts GOV.UK Frontend's components and the print button. This is a file,
// not inline script, so the Content-Security-Policy can forbid inline script.
import { initAll } from '/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

for (const button of document.querySelectorAll('[data-kith-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
