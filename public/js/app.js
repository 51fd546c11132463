/*
 * Progressive enhancement only: every page works without this file.
 * - error summary: focused on load; its links focus the field (or a group's first field)
 * - success banner: focused on load when there is no error summary
 * - character count for textareas with data-maxlength
 * - show/hide for password inputs
 * - skip link moves focus to <main>; links styled as buttons answer the space bar;
 *   buttons with data-prevent-double-click ignore a second click within a second
 * Translated text comes from data-i18n-* attributes rendered by the server.
 */
/* global document, window */
(function () {
  'use strict';

  document.documentElement.classList.add('app-js-enabled');

  var FOCUSABLE_FIELD = 'input:not([type="hidden"]), select, textarea';

  function focusWithoutOutline(el) {
    if (!el.hasAttribute('tabindex')) {
      el.setAttribute('tabindex', '-1');
      el.addEventListener(
        'blur',
        function () {
          el.removeAttribute('tabindex');
        },
        { once: true },
      );
    }
    el.focus();
  }

  function initErrorSummary(summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      if (!target) return;
      var field = target.matches(FOCUSABLE_FIELD) ? target : target.querySelector(FOCUSABLE_FIELD);
      if (!field) return;
      event.preventDefault();
      // Show the question (legend or label) as well as the field
      var legend = field.closest('fieldset') && field.closest('fieldset').querySelector('legend');
      var label = document.querySelector('label[for="' + field.id.replace(/"/g, '\\"') + '"]');
      var context = legend || label || field;
      context.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  function message(container, kind, count) {
    var text = container.getAttribute('data-i18n-' + kind + (count === 1 ? '-one' : '')) || '';
    return text.replace('{count}', String(count));
  }

  function initCharacterCount(textarea) {
    var container = textarea.closest('[data-module="character-count"]') || textarea.parentNode;
    var max = parseInt(textarea.getAttribute('data-maxlength'), 10);
    if (!(max > 0) || !container.hasAttribute('data-i18n-remaining')) return;
    var info = document.getElementById(textarea.id + '-info');

    // The static "up to N characters" hint stays for screen readers; sighted users see the live count.
    var visible = document.createElement('div');
    visible.className = 'app-hint app-character-count__message app-character-count__status';
    visible.setAttribute('aria-hidden', 'true');
    var spoken = document.createElement('div');
    spoken.className = 'visually-hidden';
    spoken.setAttribute('aria-live', 'polite');
    if (info) {
      info.classList.add('visually-hidden');
      info.parentNode.insertBefore(visible, info.nextSibling);
    } else {
      textarea.parentNode.insertBefore(visible, textarea.nextSibling);
    }
    visible.parentNode.insertBefore(spoken, visible.nextSibling);

    var timer;
    function update(announce) {
      // Count characters as a person does (a Chinese character is one, not two UTF-16 units)
      var length = Array.from(textarea.value).length;
      var remaining = max - length;
      var over = remaining < 0;
      var text = over ? message(container, 'over', -remaining) : message(container, 'remaining', remaining);
      visible.textContent = text;
      visible.classList.toggle('app-character-count__status--over', over);
      visible.classList.toggle('app-hint', !over);
      textarea.classList.toggle('app-textarea--error', over || container.classList.contains('app-form-group--error'));
      if (announce) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          spoken.textContent = text;
        }, 1000);
      }
    }
    textarea.addEventListener('input', function () {
      update(true);
    });
    update(false);
  }

  function initPasswordInput(container) {
    var input = container.querySelector('.app-password-input__input');
    if (!input) return;
    var attr = function (name) {
      return container.getAttribute('data-i18n-' + name) || '';
    };
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'app-button app-button--secondary app-password-input__toggle';
    button.setAttribute('aria-controls', input.id);
    var status = document.createElement('div');
    status.className = 'visually-hidden';
    status.setAttribute('aria-live', 'polite');

    function show(visible, announce) {
      input.type = visible ? 'text' : 'password';
      button.textContent = attr(visible ? 'hide' : 'show');
      button.setAttribute('aria-label', attr(visible ? 'hide-label' : 'show-label'));
      if (announce) status.textContent = attr(visible ? 'shown' : 'hidden');
    }
    button.addEventListener('click', function () {
      show(input.type === 'password', true);
    });
    // Never let the browser store or send the form with the password shown as text
    if (input.form) {
      input.form.addEventListener('submit', function () {
        show(false, false);
      });
    }
    window.addEventListener('pageshow', function () {
      show(false, false);
    });
    input.parentNode.appendChild(button);
    container.appendChild(status);
    show(false, false);
  }

  function initSkipLink(link) {
    link.addEventListener('click', function () {
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (target) focusWithoutOutline(target);
    });
  }

  function initButtons() {
    // <a role="button"> should answer the space bar like a real button
    document.addEventListener('keydown', function (event) {
      var el = event.target;
      if ((event.key === ' ' || event.key === 'Spacebar') && el.matches && el.matches('a[role="button"]')) {
        event.preventDefault();
        el.click();
      }
    });
    var lastClick = new WeakMap();
    document.addEventListener(
      'click',
      function (event) {
        var button = event.target.closest && event.target.closest('[data-prevent-double-click="true"]');
        if (!button) return;
        var now = Date.now();
        if (lastClick.has(button) && now - lastClick.get(button) < 1000) {
          event.preventDefault();
          event.stopImmediatePropagation();
          return;
        }
        lastClick.set(button, now);
      },
      true,
    );
  }

  function init() {
    var summary = document.querySelector('[data-module="error-summary"]');
    if (summary) initErrorSummary(summary);
    var banner = document.querySelector('.app-notification-banner--success[data-module="notification-banner"]');
    if (banner && !summary) banner.focus();
    document.querySelectorAll('textarea[data-maxlength]').forEach(initCharacterCount);
    document.querySelectorAll('[data-module="password-input"]').forEach(initPasswordInput);
    document.querySelectorAll('[data-module="skip-link"]').forEach(initSkipLink);
    initButtons();
  }

  init();
})();
