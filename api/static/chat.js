/* The chat page: posts each message to POST /api/chat and renders the assistant's answers.
 *
 * Safety: bot text is never parsed as HTML. Every message is built from DOM nodes with textContent;
 * links are <a> elements made from the web addresses, e-mail addresses and letter paths found in it.
 * All texts a user reads come from the page (the JSON block #chat-config).
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("chat-config").textContent);
  var texts = config.texts;
  var log = document.getElementById("chat-log");
  var list = document.getElementById("chat-messages");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var sendButton = document.getElementById("chat-send");
  var statusLine = document.getElementById("chat-status");
  var errorLine = document.getElementById("chat-error");
  var restartButton = document.getElementById("chat-restart");
  var restartConfirm = document.getElementById("chat-restart-confirm");
  var restartYes = document.getElementById("chat-restart-yes");
  var restartNo = document.getElementById("chat-restart-no");
  var eraseButton = document.getElementById("chat-erase");
  var eraseConfirm = document.getElementById("chat-erase-confirm");
  var eraseYes = document.getElementById("chat-erase-yes");
  var eraseNo = document.getElementById("chat-erase-no");
  var welcome = list.querySelector(".welcome").cloneNode(true);

  var REQUEST_TIMEOUT_MS = 45000; // the API gives up on the assistant after 30 s and answers 503
  var MAX_STORED_MESSAGES = 200;
  var SENDER_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

  /* --- the conversation in the browser ----------------------------------------------------------
   * sessionStorage, not localStorage: the conversation can hold a preview of the appeal letter with
   * the applicant's name and address (the personnummer masked), and on a shared or public computer it
   * must not outlive the tab. sessionStorage survives a reload and is gone when the tab is closed.
   * Stored: the conversation id (the key to the conversation on the server) and the messages shown.
   * One conversation per employer, so an agency page does not continue another agency's chat. */
  var STORAGE_KEY = "overklaga-chat:v1:" + (config.agency || "-");

  function newSenderId() {
    // 24 random bytes = 192 bits, as 32 URL-safe characters: the conversation id must be unguessable.
    var bytes = new Uint8Array(24);
    window.crypto.getRandomValues(bytes);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function loadConversation() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY));
      if (saved && SENDER_PATTERN.test(saved.sender) && Array.isArray(saved.messages)) {
        return saved;
      }
    } catch (error) {
      // Storage blocked (a third-party iframe with strict settings) or unreadable: start afresh.
    }
    return { sender: newSenderId(), messages: [] };
  }

  function saveConversation() {
    conversation.messages = conversation.messages.slice(-MAX_STORED_MESSAGES);
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(conversation));
    } catch (error) {
      // Storage full or blocked: the chat still works, it just does not survive a reload.
    }
  }

  function forgetConversation() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      // Nothing stored.
    }
  }

  var conversation = loadConversation();

  /* --- links ------------------------------------------------------------------------------------ */
  var LINK_PATTERN = new RegExp(
    [
      "https?:\\/\\/[^\\s<>\"]+",                              // a web address
      "www\\.[^\\s<>\"]+",                                     // www.example.se/...
      "\\/api\\/letters\\/[A-Za-z0-9_%-]+\\.pdf",             // the appeal letter on this server
      "\\/api\\/deadline\\.ics\\?posted_on=\\d{4}-\\d{2}-\\d{2}&agency=[a-z0-9_]+", // the deadline as a calendar file
      "\\/api\\/letters\\/documents-request\\/download\\?[A-Za-z0-9_%+.=&-]+", // the documents request
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", // an e-mail address
      "\\b[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.(?:se|nu|eu|com|org|net)\\b(?:\\/[^\\s<>\"]*)?", // forsakringskassan.se
    ].join("|"),
    "g"
  );
  var TRAILING_PUNCTUATION = /[.,;:!?)\]»"']+$/;

  function linkTarget(found) {
    var href;
    if (/^https?:\/\//i.test(found) || found.charAt(0) === "/") {
      href = found;
    } else if (found.indexOf("@") > 0) {
      href = "mailto:" + found;
    } else {
      href = "https://" + found;
    }
    try {
      var url = new URL(href, window.location.href);
      return ["http:", "https:", "mailto:"].indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // A link starts a word: "Försäkringskassan.se" must not link "kringskassan.se" (JavaScript's \b
  // does not know å, ä, ö).
  function startsWord(text, index) {
    return index === 0 || /[\s(\[«"':]/.test(text.charAt(index - 1));
  }

  function appendLink(parent, label, href) {
    var link = document.createElement("a");
    link.href = href;
    link.textContent = label;
    if (href.indexOf("mailto:") !== 0) {
      link.target = "_blank"; // in the embedded chat a link must not replace the chat frame
      link.rel = "noopener noreferrer";
      var note = document.createElement("span");
      note.className = "visually-hidden";
      note.textContent = " " + texts.newTab;
      link.appendChild(note);
    }
    parent.appendChild(link);
  }

  // A path to a file of this server means nothing to a reader; it is shown as the file's name.
  function fileLabel(found) {
    if (found.indexOf("/api/letters/documents-request/") === 0) {
      return texts.documentsLink;
    }
    if (found.indexOf("/api/letters/") === 0) {
      return texts.letterLink;
    }
    if (found.indexOf("/api/deadline.ics") === 0) {
      return texts.calendarLink;
    }
    return found;
  }

  function appendLinkified(parent, text) {
    var position = 0;
    var match;
    LINK_PATTERN.lastIndex = 0;
    while ((match = LINK_PATTERN.exec(text)) !== null) {
      var found = match[0].replace(TRAILING_PUNCTUATION, "");
      var href = found && startsWord(text, match.index) && linkTarget(found);
      if (!href) {
        continue;
      }
      parent.appendChild(document.createTextNode(text.slice(position, match.index)));
      appendLink(parent, fileLabel(found), href);
      position = match.index + found.length;
      LINK_PATTERN.lastIndex = position;
    }
    parent.appendChild(document.createTextNode(text.slice(position)));
  }

  /* --- rendering -------------------------------------------------------------------------------- */
  function quickReplies(buttons) {
    var group = document.createElement("div");
    group.className = "quick-replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", texts.choices);
    buttons.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "quick-reply";
      element.textContent = button.title;
      element.setAttribute("data-payload", button.payload);
      group.appendChild(element);
    });
    return group;
  }

  function renderMessage(message, withButtons) {
    var item = document.createElement("li");
    item.className = "message " + (message.from === "user" ? "user" : "bot");
    var speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = (message.from === "user" ? texts.you : texts.bot) + ": ";
    item.appendChild(speaker);
    if (message.text) {
      var paragraph = document.createElement("p");
      paragraph.className = "message-text";
      if (message.from === "user") {
        paragraph.textContent = message.text;
      } else {
        appendLinkified(paragraph, message.text);
      }
      item.appendChild(paragraph);
    }
    if (message.image) {
      var image = document.createElement("img");
      image.src = message.image;
      image.alt = texts.image;
      image.className = "message-image";
      item.appendChild(image);
    }
    if (withButtons && message.buttons && message.buttons.length) {
      item.appendChild(quickReplies(message.buttons));
    }
    list.appendChild(item);
    return item;
  }

  /* Only the latest answer's buttons stay: an old choice clicked later would confuse the assistant. */
  function removeQuickReplies() {
    Array.prototype.forEach.call(list.querySelectorAll(".quick-replies"), function (group) {
      group.parentNode.removeChild(group);
    });
  }

  function scrollToTurn(firstItem) {
    // The turn's first message at the top when the turn is taller than the log (a letter preview),
    // else the end of the log; the browser clamps scrollTop to its maximum.
    log.scrollTop = firstItem ? firstItem.offsetTop - 8 : log.scrollHeight;
  }

  function isHttpUrl(value) {
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch (error) {
      return false;
    }
  }

  /* One bot message of the Rasa REST shape as the page keeps it, or null when nothing is shown. */
  function fromBot(answer) {
    var message = { from: "bot" };
    if (typeof answer.text === "string" && answer.text) {
      message.text = answer.text;
    }
    if (Array.isArray(answer.buttons)) {
      message.buttons = answer.buttons
        .filter(function (button) {
          return button && typeof button.title === "string" && typeof button.payload === "string";
        })
        .map(function (button) {
          return { title: button.title, payload: button.payload };
        });
    }
    if (typeof answer.image === "string" && isHttpUrl(answer.image)) {
      message.image = answer.image;
    }
    return message.text || message.image || (message.buttons && message.buttons.length) ? message : null;
  }

  function restore() {
    if (!conversation.messages.length) {
      return;
    }
    log.setAttribute("aria-busy", "true"); // the restored history is not news to announce
    removeQuickReplies();
    var lastUser = -1;
    conversation.messages.forEach(function (message, index) {
      if (message.from === "user") {
        lastUser = index;
      }
    });
    conversation.messages.forEach(function (message, index) {
      renderMessage(message, index > lastUser);
    });
    log.removeAttribute("aria-busy");
    scrollToTurn(null);
  }

  /* --- talking to the API ----------------------------------------------------------------------- */
  function ChatError(text) {
    this.text = text;
  }

  function post(sender, message) {
    var body = { sender: sender, message: message };
    if (config.agency) {
      body.metadata = { agency: config.agency };
    }
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    return window
      .fetch(config.chatUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
        cache: "no-store",
        credentials: "same-origin",
        signal: controller.signal,
      })
      .then(
        function (response) {
          if (response.ok) {
            return response.json();
          }
          throw new ChatError(response.status === 422 ? texts.invalid : texts.unavailable);
        },
        function (error) {
          throw new ChatError(error && error.name === "AbortError" ? texts.unavailable : texts.offline);
        }
      )
      .then(function (answers) {
        window.clearTimeout(timer);
        if (!Array.isArray(answers)) {
          throw new ChatError(texts.unavailable);
        }
        return answers;
      }, function (error) {
        window.clearTimeout(timer);
        throw error instanceof ChatError ? error : new ChatError(texts.unavailable);
      });
  }

  var pending = false;
  var erasing = false; // while the conversation is being erased nothing is sent to it

  function busy() {
    return pending || erasing;
  }

  function setPending(value) {
    pending = value;
    sendButton.setAttribute("aria-disabled", value ? "true" : "false");
    statusLine.textContent = value ? texts.thinking : "";
  }

  function showError(text) {
    errorLine.textContent = text;
  }

  /* Sends `message` (typed text or a button's payload) and shows `shown` as the user's message.
     On failure the user's message is taken back and typed text returns to the input to try again. */
  function send(message, shown, typed) {
    if (busy()) {
      return;
    }
    showError("");
    var sender = conversation.sender;
    var userMessage = { from: "user", text: shown };
    var userItem = renderMessage(userMessage, false);
    scrollToTurn(userItem);
    setPending(true);
    post(sender, message)
      .then(function (answers) {
        if (sender !== conversation.sender) {
          return; // the user started over while waiting
        }
        removeQuickReplies();
        conversation.messages.push(userMessage);
        answers.map(fromBot).forEach(function (answer) {
          if (answer) {
            conversation.messages.push(answer);
            renderMessage(answer, true);
          }
        });
        saveConversation();
        scrollToTurn(userItem);
      })
      .catch(function (error) {
        if (sender !== conversation.sender) {
          return;
        }
        list.removeChild(userItem);
        var text = error instanceof ChatError ? error.text : texts.unavailable;
        if (typed && !input.value) {
          input.value = message;
          text += " " + texts.retry;
        }
        showError(text);
      })
      .then(function () {
        if (sender === conversation.sender) {
          setPending(false);
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    input.focus();
    if (busy()) {
      return;
    }
    var text = input.value.trim();
    if (!text) {
      showError(texts.empty);
      return;
    }
    if (text.length > config.maxChars) {
      showError(texts.tooLong);
      return;
    }
    input.value = "";
    send(text, text, true);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey &&
        !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  // A quick reply sends its payload and shows its title; focus goes to the input, since the buttons
  // are replaced by the answer's own.
  list.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".quick-reply") : null;
    if (!button || busy()) {
      return;
    }
    input.focus();
    send(button.getAttribute("data-payload"), button.textContent, false);
  });

  /* --- starting over and erasing, each behind a confirmation --------------------------------------
   * Opening one confirmation closes the other; focus goes into it, and back to its button when it
   * closes. Erasing cannot be undone, so its confirmation opens on "Avbryt". */
  var restart = { button: restartButton, panel: restartConfirm, focusOnOpen: restartYes };
  var erase = { button: eraseButton, panel: eraseConfirm, focusOnOpen: eraseNo };

  function setConfirmOpen(confirm, open) {
    confirm.panel.hidden = !open;
    confirm.button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function toggleConfirm(confirm, open) {
    [restart, erase].forEach(function (other) {
      setConfirmOpen(other, other === confirm && open);
    });
    (open ? confirm.focusOnOpen : confirm.button).focus();
  }

  function openConfirm() {
    return !restartConfirm.hidden ? restart : !eraseConfirm.hidden ? erase : null;
  }

  function startOver() {
    if (conversation.messages.length) {
      // Rasa's built-in /restart resets the old conversation's slots (a half-filled appeal form);
      // best effort, the new id starts a fresh conversation anyway.
      post(conversation.sender, "/restart").catch(function () {});
    }
    newConversation();
  }

  /* The page's state for a new conversation id; the old one is left to the server. */
  function newConversation() {
    forgetConversation();
    conversation = { sender: newSenderId(), messages: [] };
    setPending(false);
    showError("");
    list.textContent = "";
    list.appendChild(welcome.cloneNode(true));
    scrollToTurn(null);
    setConfirmOpen(restart, false);
    setConfirmOpen(erase, false);
    input.value = "";
    input.focus();
  }

  /* DELETE /api/conversations/<id>: the server forgets the conversation (204 also when it held none);
     only then does the page start a new one, so a failure leaves everything as it was to try again. */
  function eraseConversation() {
    if (erasing) {
      return;
    }
    erasing = true;
    eraseYes.setAttribute("aria-disabled", "true");
    showError("");
    statusLine.textContent = texts.erasing;
    var url = config.conversationUrl.replace(/SENDER$/, encodeURIComponent(conversation.sender));
    window
      .fetch(url, { method: "DELETE", cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 204) {
          throw new Error("not erased");
        }
        newConversation();
        statusLine.textContent = texts.erased;
      })
      .catch(function () {
        statusLine.textContent = "";
        showError(texts.eraseFailed);
      })
      .then(function () {
        erasing = false;
        eraseYes.setAttribute("aria-disabled", "false");
      });
  }

  restartButton.addEventListener("click", function () {
    toggleConfirm(restart, restartConfirm.hidden);
  });
  restartNo.addEventListener("click", function () {
    toggleConfirm(restart, false);
  });
  restartYes.addEventListener("click", startOver);
  eraseButton.addEventListener("click", function () {
    toggleConfirm(erase, eraseConfirm.hidden);
  });
  eraseNo.addEventListener("click", function () {
    toggleConfirm(erase, false);
  });
  eraseYes.addEventListener("click", eraseConversation);

  /* --- inside an agency's page (embed.js) ------------------------------------------------------- */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    if (openConfirm()) {
      toggleConfirm(openConfirm(), false);
    } else if (config.embed && window.parent !== window) {
      window.parent.postMessage({ type: "overklaga-chat:close" }, "*"); // carries no data
    }
  });

  window.addEventListener("message", function (event) {
    if (config.embed && event.source === window.parent && event.data && event.data.type === "overklaga-chat:open") {
      input.focus();
    }
  });

  restore();
})();
