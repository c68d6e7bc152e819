// Runs in the report webview page (plain JavaScript: tsx would add helpers to a TypeScript function that
// the page does not have). Posts the report the way the extension host does and resolves with
//  - rendered: ms until the page has rendered it (#app no longer busy, the report in the DOM), and
//  - painted: ms until the frame showing it was painted (the task after the next animation frame).
(report) =>
  new Promise((resolve) => {
    var app = document.getElementById('app');
    var started = performance.now();
    var observer = new MutationObserver(function () {
      if (app.getAttribute('aria-busy') !== 'false' || !app.querySelector('.report')) return;
      observer.disconnect();
      var rendered = performance.now() - started;
      requestAnimationFrame(function () {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () {
          resolve({ rendered: rendered, painted: performance.now() - started, nodes: document.getElementsByTagName('*').length });
        };
        channel.port2.postMessage(null);
      });
    });
    observer.observe(app, { attributes: true, childList: true, subtree: true });
    window.postMessage({ type: 'showReport', report: report, statuses: {}, live: true }, '*');
  })
