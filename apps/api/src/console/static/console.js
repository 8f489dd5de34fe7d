/*
 * SHTC console: the little the pages do in the browser, all optional (every form works without
 * it). Served as a file of its own: the Content-Security-Policy allows no inline script.
 *  - warns a minute before the session's 20-minute idle limit (R-ACC-3), and offers to stay signed in;
 *  - keyboard navigation through a queue (j/k or arrow keys, Enter opens; n next case, c claim, d documents);
 *  - upload progress on forms marked data-upload.
 */
(function () {
  'use strict';

  // --- Session idle warning (R-ACC-3) ---------------------------------------------------------
  var body = document.body;
  var seconds = Number(body.getAttribute('data-session-seconds'));
  var banner = document.getElementById('session-warning');
  var warnTimer = null;
  var endTimer = null;

  function say(zh, en) {
    banner.textContent = '';
    banner.appendChild(document.createTextNode(zh + ' '));
    var english = document.createElement('span');
    english.lang = 'en';
    english.textContent = en;
    banner.appendChild(english);
  }

  function armSessionTimers() {
    if (!seconds || !banner) return;
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    banner.hidden = true;
    warnTimer = setTimeout(function () {
      say('您已閒置將近 20 分鐘，系統將於 1 分鐘後自動登出。', 'You have been idle for almost 20 minutes: you will be signed out in a minute.');
      var stay = document.createElement('button');
      stay.type = 'button';
      stay.textContent = '繼續使用 Stay signed in';
      stay.addEventListener('click', function () {
        fetch('/console/session', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (response) {
          if (response.ok) armSessionTimers();
        });
      });
      banner.appendChild(stay);
      banner.hidden = false;
    }, Math.max(0, (seconds - 60) * 1000));
    endTimer = setTimeout(function () {
      say('因閒置逾 20 分鐘，您已登出，請重新登入。', 'You were signed out after 20 minutes without activity: sign in again.');
      var link = document.createElement('a');
      link.href = '/console/login?expired=1';
      link.textContent = ' 重新登入 Sign in';
      banner.appendChild(link);
      banner.hidden = false;
    }, seconds * 1000);
  }
  armSessionTimers();

  // --- Keyboard navigation through a queue ---------------------------------------------------
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-case]'));
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function focusRow(index) {
    if (rows.length === 0) return;
    var i = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row) { row.classList.remove('selected'); });
    rows[i].classList.add('selected');
    var link = rows[i].querySelector('a.case-link');
    if (link) link.focus();
  }
  if (rows.length > 0) {
    document.addEventListener('keydown', function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      var current = rows.findIndex(function (row) { return row.contains(document.activeElement); });
      if (event.key === 'j' || event.key === 'ArrowDown') {
        event.preventDefault();
        focusRow(current + 1);
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        event.preventDefault();
        focusRow(current < 0 ? 0 : current - 1);
      }
    });
  }

  // --- Single-key shortcuts: n next case, c claim, d documents (the same as their accesskeys) ---
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.target)) return;
    var target = document.querySelector('[data-key="' + event.key + '"]');
    if (!target) return;
    event.preventDefault();
    target.click();
  });

  // --- Upload progress -----------------------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll('form[data-upload]'), function (form) {
    var progress = form.querySelector('progress');
    form.addEventListener('submit', function (event) {
      if (!window.FormData || !progress) return;
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open('POST', form.action);
      request.setRequestHeader('Accept', 'text/html');
      progress.hidden = false;
      progress.value = 0;
      request.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
      });
      request.addEventListener('load', function () {
        // Accepted: the server redirected to the case page. Refused: it answered the page with the problem.
        var landed = request.responseURL && request.responseURL !== form.action;
        if (landed) {
          window.location.assign(request.responseURL);
          return;
        }
        var page = new DOMParser().parseFromString(request.responseText, 'text/html');
        var main = page.getElementById('main');
        if (main) document.getElementById('main').replaceWith(main);
        var problem = document.getElementById('problem');
        if (problem) problem.focus();
      });
      request.addEventListener('error', function () {
        progress.hidden = true;
        form.submit();
      });
      request.send(new FormData(form));
    });
  });

  // A refusal on a form: read it first.
  var problem = document.getElementById('problem');
  if (problem) problem.focus();
})();
