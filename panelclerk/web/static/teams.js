// panelclerk console in a Microsoft Teams tab, started from this file because the
// Content-Security-Policy allows no inline script. TeamsJS (teams-js/MicrosoftTeams.min.js,
// vendored from npm @microsoft/teams-js) is loaded before it and defines `microsoftTeams`.
//
// Sign-in page: Teams' single sign-on token for the person (getAuthToken) is posted to the
// console, which checks it and signs the person in; the token itself is the proof. Signed
// in already: on to the console.
// Configuration page (a channel tab being added): names the page the tab opens.
(function () {
  "use strict";
  var WAIT_MS = 15000; // outside Teams, TeamsJS never answers

  function say(text) {
    var status = document.getElementById("teams-status");
    if (status) {
      status.textContent = text;
    }
  }

  function reason(error) {
    var text = error && (error.message || error.errorCode || error);
    return typeof text === "string" ? text : "no answer from Teams";
  }

  function initialised() {
    if (!window.microsoftTeams) {
      return Promise.reject(new Error("TeamsJS did not load"));
    }
    var timeout = new Promise(function (resolve, reject) {
      window.setTimeout(function () {
        reject(new Error("this page is not open in Microsoft Teams"));
      }, WAIT_MS);
    });
    return Promise.race([window.microsoftTeams.app.initialize(), timeout]);
  }

  function signIn(form) {
    initialised()
      .then(function () {
        return window.microsoftTeams.authentication.getAuthToken();
      })
      .then(function (token) {
        form.elements.namedItem("token").value = token;
        say("Signed in with Teams: opening the console.");
        form.submit();
      })
      .catch(function (error) {
        say("Teams could not sign you in to the console (" + reason(error) + ").");
        var elsewhere = document.getElementById("teams-elsewhere");
        if (elsewhere) {
          elsewhere.hidden = false;
        }
      });
  }

  function configure(element) {
    initialised()
      .then(function () {
        var config = window.microsoftTeams.pages.config;
        config.registerOnSaveHandler(function (saving) {
          config
            .setConfig({
              entityId: "panelclerk-console",
              contentUrl: element.dataset.contentUrl,
              websiteUrl: element.dataset.websiteUrl,
              suggestedDisplayName: "Case reviews",
            })
            .then(function () {
              saving.notifySuccess();
            })
            .catch(function (error) {
              saving.notifyFailure(reason(error));
            });
        });
        config.setValidityState(true);
      })
      .catch(function (error) {
        say("This page adds the console to a Teams channel (" + reason(error) + ").");
      });
  }

  // Signed in already (Teams loaded the tab again): on to the console by a navigation of
  // this page's own, which the console accepts with the Teams session (a redirect of Teams'
  // cross-site request would not be).
  function goOn(link) {
    initialised()
      .catch(function () {
        return null;
      })
      .then(function () {
        window.location.replace(link.href);
      });
  }

  var onward = document.getElementById("teams-go-on");
  if (onward) {
    goOn(onward);
  }
  var form = document.getElementById("teams-sign-in");
  if (form) {
    signIn(form);
  }
  var element = document.getElementById("teams-configure");
  if (element) {
    configure(element);
  }
})();
