// Portal behaviour that PatternFly's CSS cannot do alone. Loaded as a file (the CSP allows no inline script).
(function () {
  'use strict';

  document.documentElement.classList.add('llmaas-scripted');

  // htmx requests that change state carry the CSRF token as a header (forms carry it as a field).
  var csrf = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener('htmx:configRequest', function (event) {
    if (csrf && csrf.content) {
      event.detail.headers['X-CSRF-TOKEN'] = csrf.content;
    }
  });
  // A failed htmx request shows an error in the region it would have replaced.
  document.addEventListener('htmx:responseError', function (event) {
    var target = event.detail.target;
    if (target) {
      target.innerHTML = '';
      var alert = document.createElement('div');
      alert.className = 'pf-v6-c-alert pf-m-inline pf-m-danger';
      alert.setAttribute('role', 'alert');
      var title = document.createElement('p');
      title.className = 'pf-v6-c-alert__title';
      title.textContent = 'Loading failed (' + event.detail.xhr.status + '). Reload the page to try again.';
      alert.appendChild(title);
      target.appendChild(alert);
    }
  });

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  ready(function () {
    // Sidebar: expanded on wide screens, collapsed on narrow ones, toggled by the hamburger.
    var toggle = document.getElementById('nav-toggle');
    var sidebar = document.getElementById('sidebar');
    if (toggle && sidebar) {
      var setExpanded = function (expanded) {
        sidebar.classList.toggle('pf-m-expanded', expanded);
        sidebar.classList.toggle('pf-m-collapsed', !expanded);
        toggle.setAttribute('aria-expanded', String(expanded));
      };
      setExpanded(window.matchMedia('(min-width: 1200px)').matches);
      toggle.addEventListener('click', function () {
        setExpanded(!sidebar.classList.contains('pf-m-expanded'));
      });
    }

    // User menu: opens on click, closes on Escape or a click elsewhere; arrow keys move between items.
    var menuToggle = document.getElementById('user-menu-toggle');
    var menu = document.getElementById('user-menu');
    if (menuToggle && menu) {
      var items = function () { return Array.prototype.slice.call(menu.querySelectorAll('[role="menuitem"]')); };
      var open = function (focusFirst) {
        menu.hidden = false;
        menuToggle.setAttribute('aria-expanded', 'true');
        menuToggle.classList.add('pf-m-expanded');
        if (focusFirst && items().length) { items()[0].focus(); }
      };
      var close = function (focusToggle) {
        menu.hidden = true;
        menuToggle.setAttribute('aria-expanded', 'false');
        menuToggle.classList.remove('pf-m-expanded');
        if (focusToggle) { menuToggle.focus(); }
      };
      menuToggle.addEventListener('click', function () { if (menu.hidden) { open(false); } else { close(false); } });
      menuToggle.addEventListener('keydown', function (event) {
        if (event.key === 'ArrowDown') { event.preventDefault(); open(true); }
      });
      menu.addEventListener('keydown', function (event) {
        var list = items();
        var index = list.indexOf(document.activeElement);
        if (event.key === 'Escape') { close(true); }
        if (event.key === 'ArrowDown' && list.length) { event.preventDefault(); list[(index + 1) % list.length].focus(); }
        if (event.key === 'ArrowUp' && list.length) { event.preventDefault(); list[(index - 1 + list.length) % list.length].focus(); }
      });
      document.addEventListener('click', function (event) {
        if (!menu.hidden && !menu.contains(event.target) && !menuToggle.contains(event.target)) { close(false); }
      });
    }

    // Copy buttons copy the text of the element they name.
    document.addEventListener('click', function (event) {
      var button = event.target.closest('[data-copy-target]');
      if (!button) { return; }
      var source = document.getElementById(button.getAttribute('data-copy-target'));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent).then(function () {
          var label = button.getAttribute('aria-label');
          button.setAttribute('aria-label', 'Copied');
          setTimeout(function () { button.setAttribute('aria-label', label); }, 2000);
        });
      }
    });

    // Dev OAuth login page: quick picks fill in a user and its groups.
    document.addEventListener('click', function (event) {
      var pick = event.target.closest('[data-dev-user]');
      if (!pick) { return; }
      var form = document.getElementById('dev-login-form');
      form.elements.username.value = pick.getAttribute('data-dev-user');
      var wanted = pick.getAttribute('data-dev-groups').split(',');
      Array.prototype.forEach.call(form.querySelectorAll('input[name="group"]'), function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
      form.elements.extraGroups.value = '';
      form.elements.username.focus();
    });
  });
}());
