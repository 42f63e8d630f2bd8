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
  // Error answers are HTML alerts that htmx swaps in like any answer (htmx-config responseHandling); a request that
  // got no answer at all shows an error in the region it would have replaced.
  function showFailure(target, text) {
    if (!target) { return; }
    target.innerHTML = '';
    var alert = document.createElement('div');
    alert.className = 'pf-v6-c-alert pf-m-inline pf-m-danger';
    alert.setAttribute('role', 'alert');
    var title = document.createElement('p');
    title.className = 'pf-v6-c-alert__title';
    title.textContent = text;
    alert.appendChild(title);
    target.appendChild(alert);
  }
  document.addEventListener('htmx:responseError', function (event) {
    showFailure(event.detail.target, 'Loading failed (' + event.detail.xhr.status + '). Reload the page to try again.');
  });
  document.addEventListener('htmx:sendError', function (event) {
    showFailure(event.detail.target, 'The portal could not be reached. Check your connection and try again.');
  });

  // Forms that destroy something ask first (data-confirm holds the question).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Usage charts: the element names its JSON (data-chart-url); the chart is drawn when it arrives. The element's
  // data-chart-state says what is shown: loading, drawn, empty or error.
  function money(value) {
    var amount = Number(value);
    if (amount === 0 || amount >= 1) { return '$' + amount.toFixed(2); }
    return '$' + Number(amount.toPrecision(2));
  }
  function bucketLabel(bucket, granularity) {
    var text = String(bucket);
    return granularity === 'hour' ? text.substring(5, 10) + ' ' + text.substring(11, 16) : text.substring(5, 10);
  }
  function setChartState(box, state, text) {
    box.setAttribute('data-chart-state', state);
    var message = box.querySelector('[data-chart-message]');
    if (message) {
      message.textContent = text || '';
      message.hidden = !text;
    }
    var spinner = box.querySelector('[data-chart-spinner]');
    if (spinner) { spinner.hidden = state !== 'loading'; }
  }
  function drawChart(box) {
    if (box.getAttribute('data-chart-state') === 'drawn' || !window.Chart) { return; }
    var canvas = box.querySelector('canvas');
    setChartState(box, 'loading', 'Loading the chart…');
    fetch(box.getAttribute('data-chart-url'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (chart) {
        var labels = chart.points.map(function (p) { return bucketLabel(p.bucket, chart.granularity); });
        var cost = chart.points.map(function (p) { return Number(p.costUsd); });
        var tokens = chart.points.map(function (p) { return p.tokens; });
        var requests = chart.points.map(function (p) { return p.requests; });
        var styles = getComputedStyle(document.documentElement);
        var blue = styles.getPropertyValue('--pf-t--chart--color--blue--300').trim() || '#0066cc';
        var green = styles.getPropertyValue('--pf-t--chart--color--green--300').trim() || '#3d7317';
        new window.Chart(canvas, {
          type: 'bar',
          data: {
            labels: labels,
            datasets: [
              { type: 'line', label: 'Cost (USD)', data: cost, yAxisID: 'cost', borderColor: blue,
                backgroundColor: blue, tension: 0.2, pointRadius: 2 },
              { type: 'bar', label: 'Tokens', data: tokens, yAxisID: 'tokens', backgroundColor: green }
            ]
          },
          options: {
            animation: false,
            maintainAspectRatio: false,
            interaction: { mode: 'index', intersect: false },
            scales: {
              cost: { position: 'left', beginAtZero: true, title: { display: true, text: 'Cost (USD)' },
                ticks: { callback: function (v) { return money(v); } } },
              tokens: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                title: { display: true, text: 'Tokens' } }
            },
            plugins: {
              tooltip: { callbacks: { footer: function (items) {
                return items.length ? 'Requests: ' + requests[items[0].dataIndex] : ''; } } }
            }
          }
        });
        var total = requests.reduce(function (a, b) { return a + b; }, 0);
        if (total === 0) {
          setChartState(box, 'empty', 'No requests in this range yet.');
        } else {
          setChartState(box, 'drawn', '');
        }
        box.setAttribute('data-chart-requests', String(total));
      })
      .catch(function (failure) {
        setChartState(box, 'error', 'The chart could not be loaded (' + failure.message + '). Reload the page to try again.');
      });
  }
  function drawCharts(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll('[data-chart-url]'), drawChart);
  }
  document.addEventListener('htmx:afterSwap', function (event) { drawCharts(event.detail.target); });

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

    drawCharts(document);

    // "Select all" boxes check the boxes of their group (data-select-all names the boxes' name).
    document.addEventListener('change', function (event) {
      var all = event.target.closest && event.target.closest('[data-select-all]');
      if (!all) { return; }
      var name = all.getAttribute('data-select-all');
      Array.prototype.forEach.call(document.querySelectorAll('input[type="checkbox"][name="' + name + '"]'),
        function (box) { box.checked = all.checked; });
    });

    // Copy buttons copy the text (or an input's value) of the element they name.
    document.addEventListener('click', function (event) {
      var button = event.target.closest('[data-copy-target]');
      if (!button) { return; }
      var source = document.getElementById(button.getAttribute('data-copy-target'));
      if (source && navigator.clipboard) {
        var text = source.value !== undefined && source.tagName === 'INPUT' ? source.value : source.textContent;
        var feedback = document.getElementById(button.getAttribute('data-copy-target') + '-copied');
        navigator.clipboard.writeText(text).then(function () {
          var label = button.getAttribute('aria-label');
          button.setAttribute('aria-label', 'Copied');
          if (feedback) { feedback.textContent = 'Copied to the clipboard'; }
          setTimeout(function () { button.setAttribute('aria-label', label); }, 2000);
        }, function () {
          if (feedback) { feedback.textContent = 'Copying failed: select the text and copy it yourself'; }
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
