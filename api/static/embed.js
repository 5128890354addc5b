/* The chat on an agency's own page, with one tag:
 *
 *   <script src="https://HOST/static/embed.js" data-agency="migrationsverket" defer></script>
 *
 * adds a floating "Chatta med oss" button that opens the chat page (HOST/?agency=...&embed=1) in an
 * iframe. The close button, Escape in the panel and Escape inside the chat close it, and focus returns
 * to the button. The iframe is made on the first click, so a page view alone sends nothing to HOST.
 * Styles are set through the DOM (no <style> element, no style attribute), so a host page with a strict
 * Content-Security-Policy for styles still shows the chat; it must allow HOST in script-src and frame-src.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.overklagaChatLoaded) {
    return; // a second copy of the tag adds nothing
  }
  window.overklagaChatLoaded = true;

  var TEXTS = {
    open: "Chatta med oss",
    close: "Stäng",
    closeLabel: "Stäng chatten",
    frameTitle: "Chatt med rekryteringsassistenten",
  };
  var BLUE = "#1d4f91";
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
  var Z_INDEX = "2147483000";

  var chatUrl = new URL("../", script.src); // embed.js lives in HOST/static/
  var agency = script.getAttribute("data-agency");
  if (agency) {
    chatUrl.searchParams.set("agency", agency);
  }
  chatUrl.searchParams.set("embed", "1");

  function styled(tag, styles) {
    var element = document.createElement(tag);
    Object.keys(styles).forEach(function (name) {
      element.style[name] = styles[name];
    });
    return element;
  }

  // A focus ring the host page's styles cannot remove: dark ring outside a light halo, visible on
  // light and dark backgrounds alike.
  function showFocusRing(element, ringColour) {
    element.addEventListener("focus", function () {
      element.style.outline = "3px solid " + ringColour;
      element.style.outlineOffset = "2px";
    });
    element.addEventListener("blur", function () {
      element.style.outline = "none";
    });
  }

  var launcher = styled("button", {
    position: "fixed",
    right: "1rem",
    bottom: "1rem",
    zIndex: Z_INDEX,
    minHeight: "3rem",
    padding: "0.75rem 1.25rem",
    border: "2px solid #ffffff",
    borderRadius: "1.5rem",
    background: BLUE,
    color: "#ffffff",
    font: "600 1rem/1.2 " + FONT,
    boxShadow: "0 2px 8px rgba(0, 0, 0, 0.35)",
    cursor: "pointer",
  });
  launcher.type = "button";
  launcher.textContent = TEXTS.open;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "overklaga-chat-panel");
  showFocusRing(launcher, "#1b1b1b");

  var panel = styled("div", {
    position: "fixed",
    right: "0.5rem",
    bottom: "0.5rem",
    zIndex: Z_INDEX,
    display: "none",
    flexDirection: "column",
    width: "min(26rem, calc(100vw - 1rem))",
    height: "min(42rem, calc(100vh - 1rem))",
    background: "#ffffff",
    border: "1px solid #d0d5dd",
    borderRadius: "0.75rem",
    boxShadow: "0 4px 24px rgba(0, 0, 0, 0.3)",
    overflow: "hidden",
  });
  panel.id = "overklaga-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", TEXTS.frameTitle);

  var bar = styled("div", {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    padding: "0.35rem 0.5rem 0.35rem 0.9rem",
    background: BLUE,
    color: "#ffffff",
    font: "600 1rem/1.2 " + FONT,
  });
  var barTitle = document.createElement("span");
  barTitle.textContent = TEXTS.open;
  var closeButton = styled("button", {
    minHeight: "2.5rem",
    padding: "0 0.9rem",
    border: "2px solid #ffffff",
    borderRadius: "1.25rem",
    background: "transparent",
    color: "#ffffff",
    font: "600 0.9375rem/1.2 " + FONT,
    cursor: "pointer",
  });
  closeButton.type = "button";
  closeButton.textContent = TEXTS.close;
  closeButton.setAttribute("aria-label", TEXTS.closeLabel);
  showFocusRing(closeButton, "#ffffff");
  bar.appendChild(barTitle);
  bar.appendChild(closeButton);
  panel.appendChild(bar);

  var frame = null;
  var frameLoaded = false;

  function focusChat() {
    frame.focus();
    frame.contentWindow.postMessage({ type: "overklaga-chat:open" }, chatUrl.origin);
  }

  function openChat() {
    if (!frame) {
      frame = styled("iframe", { flex: "1", width: "100%", border: "0" });
      frame.title = TEXTS.frameTitle;
      frame.src = chatUrl.href;
      frame.addEventListener("load", function () {
        frameLoaded = true;
        focusChat();
      });
      panel.appendChild(frame);
    }
    panel.style.display = "flex";
    launcher.style.display = "none";
    launcher.setAttribute("aria-expanded", "true");
    if (frameLoaded) {
      focusChat();
    } else {
      closeButton.focus(); // until the chat has loaded
    }
  }

  function closeChat() {
    panel.style.display = "none";
    launcher.style.display = "";
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", openChat);
  closeButton.addEventListener("click", closeChat);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeChat();
    }
  });
  // Escape inside the chat: the chat page (another origin) asks to be closed.
  window.addEventListener("message", function (event) {
    if (frame && event.source === frame.contentWindow && event.origin === chatUrl.origin &&
        event.data && event.data.type === "overklaga-chat:close") {
      closeChat();
    }
  });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
