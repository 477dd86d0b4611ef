// panelclerk console: GOV.UK Frontend's components, started from this file because the
// Content-Security-Policy allows no inline script. Every page works without it.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
