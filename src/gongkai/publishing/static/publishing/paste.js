/* Pasting from Word or a web page into the body keeps its structure: the clipboard's HTML goes
   into the field as markup, which the server sanitises (nh3). Without JavaScript the browser
   pastes plain text, which the server turns into paragraphs. */
(function () {
  "use strict";
  var body = document.getElementById("id_body");
  if (!body) { return; }
  body.addEventListener("paste", function (event) {
    var data = event.clipboardData;
    var html = data && data.getData("text/html");
    if (!html) { return; }
    event.preventDefault();
    var start = body.selectionStart, end = body.selectionEnd;
    body.value = body.value.slice(0, start) + html + body.value.slice(end);
    body.selectionStart = body.selectionEnd = start + html.length;
    body.dispatchEvent(new Event("input", { bubbles: true }));
  });
}());
