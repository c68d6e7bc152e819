// Runs in the report page (plain JavaScript, like vscodeApiStub.js): every piece of visible text with its
// rendered colour and the colour behind it, composited through translucent backgrounds and opacity, and its
// WCAG contrast ratio. Returns how many texts it checked and those below `minimum` as { text, where, ratio, color, background }.
(function contrastFailures(minimum) {
  function parse(color) {
    // color-mix() computes to color(srgb r g b / a) with channels from 0 to 1.
    var srgb = /color\(srgb ([^)]+)\)/.exec(color);
    if (srgb) {
      var channels = srgb[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return [channels[0] * 255, channels[1] * 255, channels[2] * 255, channels.length > 3 ? channels[3] : 1];
    }
    var m = /rgba?\(([^)]+)\)/.exec(color);
    if (!m) return [0, 0, 0, 0];
    var parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }
  function over(top, bottom) {
    var a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map(function (i) { return (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a; }).concat([a]);
  }
  function luminance(rgb) {
    var c = rgb.slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function backgroundOf(element) {
    var layers = [];
    for (var node = element; node && node.nodeType === 1; node = node.parentElement) layers.push(parse(getComputedStyle(node).backgroundColor));
    var result = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (result[3] === 0) result = [255, 255, 255, 1];
    for (var i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
    return result;
  }
  function opacityOf(element) {
    var opacity = 1;
    for (var node = element; node && node.nodeType === 1; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    return opacity;
  }
  function where(element) {
    var parts = [];
    for (var node = element; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
      parts.unshift(node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + (node.className && typeof node.className === 'string' ? '.' + node.className.trim().split(/\s+/).join('.') : ''));
    }
    return parts.join(' > ');
  }
  var failures = [];
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  var seen = new Set();
  var checked = [];
  for (var text = walker.nextNode(); text; text = walker.nextNode()) {
    var element = text.parentElement;
    if (!element || seen.has(element) || text.textContent.trim() === '') continue;
    seen.add(element);
    // Hidden, visually hidden (screen readers only) and disabled controls (exempt in WCAG 1.4.3) are not read on screen.
    if (element.closest('[hidden], .visually-hidden, [disabled], script, style') || element.getClientRects().length === 0) continue;
    var style = getComputedStyle(element);
    if (style.visibility === 'hidden') continue;
    var background = backgroundOf(element);
    var foreground = parse(style.color);
    foreground = over([foreground[0], foreground[1], foreground[2], foreground[3] * opacityOf(element)], background);
    checked.push(where(element));
    var l1 = luminance(foreground), l2 = luminance(background);
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < minimum) {
      failures.push({ text: text.textContent.trim().slice(0, 40), where: where(element), ratio: Math.round(ratio * 100) / 100, color: style.color, background: 'rgb(' + background.slice(0, 3).map(Math.round).join(', ') + ')' });
    }
  }
  return { checked: checked, failures: failures };
})
