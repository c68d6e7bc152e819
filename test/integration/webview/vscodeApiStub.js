// Runs in the harness page before its own scripts, as VS Code's webview host does. Plain JavaScript on
// purpose: tsx would wrap functions written in TypeScript with helpers the page does not have.
//  - acquireVsCodeApi() (once only, as in VS Code) records what the page posts to the host and the states it sets;
//  - CSP violations are recorded;
//  - the theme's --vscode-* variables are set through the CSSOM, which the page's CSP allows.
// The harness reads window.__harness = { posted, violations, states }.
function installVsCodeStub(theme, bodyClass) {
  var record = { posted: [], violations: [], states: [] };
  var acquired = false;
  window.__harness = record;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return {
      postMessage: function (message) { record.posted.push(JSON.parse(JSON.stringify(message))); },
      getState: function () { return record.states.length === 0 ? undefined : record.states[record.states.length - 1]; },
      setState: function (state) { record.states.push(JSON.parse(JSON.stringify(state))); return state; },
    };
  };
  document.addEventListener('securitypolicyviolation', function (event) {
    record.violations.push(event.effectiveDirective + ' refused ' + event.blockedURI);
  });
  function applyTheme() {
    for (var name in theme) document.documentElement.style.setProperty(name, theme[name]);
    document.body.classList.add(bodyClass || 'vscode-dark');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', applyTheme);
  else applyTheme();
}
