// Starts the download of the print just recorded, once, so the officer need not tap twice; the link stays.
(function () {
  var link = document.querySelector('[data-print-download]');
  if (link && !sessionStorage.getItem(link.href)) {
    sessionStorage.setItem(link.href, '1');
    link.click();
  }
})();
