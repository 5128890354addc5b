// The HR answer search, enhanced: copy buttons, and new results without reloading the page.
// Without this script the page still searches (a GET form rendered on the server); the copy
// buttons stay hidden because they need it.
(function () {
  "use strict";

  var texts = JSON.parse(document.getElementById("hr-texts").textContent);
  var form = document.querySelector("form.search");
  var searchStatus = document.getElementById("sokstatus");
  var STATUS_SECONDS = 6;

  function showCopyButtons(root) {
    root.querySelectorAll(".copy[hidden]").forEach(function (block) {
      block.hidden = false;
    });
  }

  function setStatus(element, text) {
    element.textContent = text;
    window.clearTimeout(element.clearTimer);
    element.clearTimer = window.setTimeout(function () {
      element.textContent = "";
    }, STATUS_SECONDS * 1000);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var answer = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    var fallback = function () {
      selectText(answer);
      setStatus(status, texts.selected);
    };
    // The clipboard API exists only on https and localhost; elsewhere the text is selected instead.
    if (!navigator.clipboard || !window.isSecureContext) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(answer.textContent).then(function () {
      setStatus(status, texts.copied);
    }, fallback);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".copy-button");
    if (button) {
      copy(button);
    }
  });

  function formUrl() {
    var params = new URLSearchParams(new FormData(form));
    return form.action + "?" + params.toString();
  }

  // Takes over a field's error state from the same field of a freshly rendered page.
  function takeOverError(field, freshField, freshPage) {
    ["aria-invalid", "aria-describedby"].forEach(function (attribute) {
      if (freshField.hasAttribute(attribute)) {
        field.setAttribute(attribute, freshField.getAttribute(attribute));
      } else {
        field.removeAttribute(attribute);
      }
    });
    var oldError = document.getElementById(field.id + "-error");
    var newError = freshPage.getElementById(field.id + "-error");
    if (oldError) {
      oldError.remove();
    }
    if (newError) {
      field.insertAdjacentElement("afterend", document.importNode(newError, true));
    }
  }

  // Shows the errors and results of a freshly rendered page. The fields themselves stay, so what
  // the person typed and where the focus is are kept.
  function showPage(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var freshForm = page.querySelector("form.search");
    ["q", "agency"].forEach(function (name) {
      takeOverError(form.elements[name], freshForm.elements[name], page);
    });
    document.getElementById("resultat").replaceWith(document.importNode(page.getElementById("resultat"), true));
    var results = document.getElementById("resultat");
    showCopyButtons(results);
    document.title = page.title;
    var error = form.querySelector(".error");
    var heading = results.querySelector("h2");
    searchStatus.textContent = error ? error.textContent : heading ? heading.textContent : "";
  }

  function search(url, remember) {
    searchStatus.textContent = texts.searching;
    return fetch(url, { headers: { Accept: "text/html" } })
      .then(function (response) {
        // 422 carries the page with the error message; anything else unexpected is a failure.
        if (!response.ok && response.status !== 422) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        showPage(html);
        if (remember) {
          window.history.pushState({ hrSearch: true }, "", url);
        }
      })
      .catch(function () {
        searchStatus.textContent = texts.failed;
      });
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.DOMParser) {
      return; // the ordinary GET request
    }
    event.preventDefault();
    search(formUrl(), true);
  });

  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    form.elements.q.value = params.get("q") || "";
    form.elements.agency.value = params.get("agency") || "";
    search(window.location.href, false);
  });

  showCopyButtons(document);
})();
