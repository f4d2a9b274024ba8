// Polls the announcement's status and shows finalists and winner as soon as
// they are public; the winner appears in a live region that screen readers read out.
(function () {
  "use strict";
  var INTERVAL_MS = 3000;
  var root = document.querySelector("[data-status-url]");
  if (!root) {
    return;
  }
  var statusUrl = root.getAttribute("data-status-url");
  var shown = { finalists: document.querySelectorAll("#finalist-list li").length, winner: !!document.querySelector("#winner h2") };

  function link(item) {
    var a = document.createElement("a");
    a.className = "ds-link";
    a.href = item.url;
    a.textContent = item.name;
    return a;
  }

  function showFinalists(finalists) {
    var list = document.getElementById("finalist-list");
    list.replaceChildren.apply(list, finalists.map(function (finalist) {
      var li = document.createElement("li");
      li.appendChild(link(finalist));
      return li;
    }));
    document.getElementById("finalists").hidden = false;
    shown.finalists = finalists.length;
  }

  function showWinner(winner) {
    var region = document.getElementById("winner");
    var heading = document.createElement("h2");
    heading.className = "ds-heading";
    heading.setAttribute("data-size", "2xl");
    // The prize's name keeps its own language (Norwegian on an English page), as on the server's page.
    var parts = winner.heading.split(winner.prize);
    if (winner.prize_language !== document.documentElement.lang && parts.length === 2) {
      var name = document.createElement("span");
      name.lang = winner.prize_language;
      name.textContent = winner.prize;
      heading.append(parts[0], name, parts[1]);
    } else {
      heading.textContent = winner.heading;
    }
    var children = [heading];
    if (winner.rationale) {
      var quote = document.createElement("blockquote");
      quote.className = "rationale";
      // A rationale not yet written in the page's language is shown in bokmål, marked as such.
      if (winner.rationale_language !== document.documentElement.lang) {
        quote.lang = winner.rationale_language;
      }
      var text = document.createElement("p");
      text.className = "ds-paragraph";
      text.textContent = winner.rationale;
      quote.appendChild(text);
      children.push(quote);
    }
    region.replaceChildren.apply(region, children);
    var pending = document.getElementById("winner-pending");
    if (pending) {
      pending.hidden = true;
    }
    shown.winner = true;
  }

  function poll() {
    fetch(statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status) {
          return;
        }
        if (status.finalists.length && status.finalists.length !== shown.finalists) {
          showFinalists(status.finalists);
        }
        if (status.winner && !shown.winner) {
          showWinner(status.winner);
        }
      })
      .catch(function () {
        // A dropped connection on the conference network: the next poll tries again.
      })
      .finally(function () {
        if (!shown.winner) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      });
  }

  if (!shown.winner) {
    window.setTimeout(poll, INTERVAL_MS);
  }
})();
