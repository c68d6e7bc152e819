// Runs in the report webview page (plain JavaScript: tsx would add helpers to a TypeScript function that
// the page does not have). Posts the report the way the extension host does — with `revealId`, a revealFinding
// for it right after, as the host does when a Problems-panel link opens the report — and resolves with
//  - rendered: ms until the page has rendered it (#app no longer busy, the report in the DOM, the revealed card focused),
//  - painted: ms until the frame showing it was painted (the task after the next animation frame),
//  - pendingInView: finding cards in the viewport of that frame still waiting for their details (only their heading
//    shown); anything but 0 means the frame did not show the first screenful complete,
//  - complete: ms until every finding card has its details (built in idle time after the first paint; null with
//    `atPaint`, which resolves at the first paint), and
//  - nodes: elements in the page at the first paint.
(report, revealId, atPaint) =>
  new Promise((resolve, reject) => {
    var app = document.getElementById('app');
    var started = performance.now();
    var pendingClass = 'details-pending';
    var shown = function () {
      if (app.getAttribute('aria-busy') !== 'false' || !app.querySelector('.report')) return false;
      return !revealId || (document.activeElement !== null && document.activeElement.id === 'finding-' + revealId);
    };
    var sample = null;
    var pending = 0;
    var finish = function () {
      if (sample === null || (pending > 0 && !atPaint)) return;
      completion.disconnect();
      clearTimeout(timeout);
      if (!atPaint) sample.complete = performance.now() - started;
      resolve(sample);
    };
    // Counts the cards whose details get built, from the moment the report is shown.
    var completion = new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var record = records[i];
        if ((record.oldValue || '').split(' ').indexOf(pendingClass) >= 0 && !record.target.classList.contains(pendingClass)) pending--;
      }
      finish();
    });
    var timeout = setTimeout(function () {
      completion.disconnect();
      reject(new Error(pending + ' finding cards still had no details after 30 s'));
    }, 30000);
    var measured = false;
    var check = function () {
      if (measured || !shown()) return;
      measured = true;
      observer.disconnect();
      document.removeEventListener('focusin', check);
      var rendered = performance.now() - started;
      pending = app.getElementsByClassName(pendingClass).length;
      completion.observe(app, { attributes: true, attributeFilter: ['class'], attributeOldValue: true, subtree: true });
      requestAnimationFrame(function () {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () {
          var painted = performance.now() - started;
          var pendingInView = 0;
          var cards = app.getElementsByClassName(pendingClass);
          for (var i = 0; i < cards.length; i++) {
            var box = cards[i].getBoundingClientRect();
            // At least a pixel of it: a card revealed at the top has the one before it end a fraction of a pixel into view.
            if (box.height > 0 && box.bottom >= 1 && box.top <= window.innerHeight - 1) pendingInView++;
          }
          sample = { rendered: rendered, painted: painted, pendingInView: pendingInView, complete: null, nodes: document.getElementsByTagName('*').length };
          finish();
        };
        channel.port2.postMessage(null);
      });
    };
    // The report arriving is a DOM change; a reveal is a focus change.
    var observer = new MutationObserver(check);
    observer.observe(app, { attributes: true, childList: true, subtree: true });
    document.addEventListener('focusin', check);
    window.postMessage({ type: 'showReport', report: report, statuses: {}, live: true }, '*');
    if (revealId) window.postMessage({ type: 'revealFinding', findingId: revealId }, '*');
  })
