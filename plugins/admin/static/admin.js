// Write-ups (content/outcomes/*.md) are Markdown under Pelican's "Key: value" lines
// (Title, Consultation, Date), a header Decap CMS does not read by itself: this teaches it.
// A separate file, not inline script, so /admin/ runs under a script-src 'self' policy.
(function () {
  "use strict";
  var ORDER = ["title", "consultation", "date"];
  var HEADER_LINE = /^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$/;

  function fromFile(text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var data = {};
    var i = 0;
    for (; i < lines.length; i += 1) {
      var match = HEADER_LINE.exec(lines[i]);
      if (!lines[i].trim() || !match) { break; }
      data[match[1].toLowerCase()] = match[2].trim();
    }
    while (i < lines.length && !lines[i].trim()) { i += 1; }
    data.body = lines.slice(i).join("\n");
    return data;
  }

  function headerValue(value) {
    // One line each: a line break in a title would end the header early.
    return String(value).replace(/\s+/g, " ").trim();
  }

  function toFile(data) {
    var keys = ORDER.concat(Object.keys(data).filter(function (key) {
      return ORDER.indexOf(key) < 0 && key !== "body";
    }));
    var header = [];
    keys.forEach(function (key) {
      var value = data[key];
      if (value === undefined || value === null || headerValue(value) === "") { return; }
      header.push(key.charAt(0).toUpperCase() + key.slice(1) + ": " + headerValue(value));
    });
    var body = String(data.body || "").replace(/\s+$/, "");
    return header.join("\n") + "\n\n" + body + "\n";
  }

  window.CMS.registerCustomFormat("said-and-done-writeup", "md", { fromFile: fromFile, toFile: toFile });
}());
