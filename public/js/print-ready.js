// Opens the print just recorded (in the browser's PDF viewer, to print from), once per page load of
// that print, so the officer need not tap twice; the link stays for a retry. Without JavaScript (or
// storage) the link is there.
(function () {
  var link = document.querySelector('[data-print-download]');
  if (!link) return;
  try {
    if (sessionStorage.getItem(link.href)) return;
    sessionStorage.setItem(link.href, '1');
  } catch (e) {
    // No storage (a private window): start it anyway; a reload starts it again, which counts nothing.
  }
  link.click();
})();
