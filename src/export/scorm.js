// scorm.js: the SCORM bridge of a lesson in a SCORM package, a script of its own run before
// the page's (src/export/scorm.rs appends the version it is called with: '1.2' or '2004').
// When the page finds its platform's API (`API` for SCORM 1.2, `API_1484_11` for 2004, in this
// window, its parents, or its opener's, as the standard's search goes) and a session starts,
// the learner's state lives on the platform: the page's progress (storage.js, which keeps it
// in `localStorage`) is kept in memory instead, seeded from `cmi.suspend_data`, and every change
// to it saves it there, with the part shown as the location, the quiz's best score, and the
// lesson's status, then commits. The next launch resumes from them. The status is passed or
// failed by the quiz's pass mark once its attempt is finished (passed once any attempt
// passed, as the page's record says), else completed when the quiz's attempt is finished
// (the end page reached, for a lesson without a quiz), else incomplete. Without a platform it
// does nothing, and the page is the normal bundle.
((version) => {
  'use strict';
  const scorm12 = version === '1.2';
  const name = scorm12 ? 'API' : 'API_1484_11';
  // The API in `win` or the nearest of its parents that has one.
  const search = (win) => {
    for (let hops = 0; win && hops < 500; hops++) {
      try {
        if (win[name]) return win[name];
      } catch (e) {
        return null; // a window of another origin
      }
      if (win.parent === win) return null;
      win = win.parent;
    }
    return null;
  };
  const api = search(window) || search(window.opener);
  const call = scorm12
    ? { start: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', end: 'LMSFinish' }
    : { start: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit', end: 'Terminate' };
  if (!api || String(api[call.start]('')) !== 'true') return;
  const cmi = scorm12
    ? {
        location: 'cmi.core.lesson_location',
        exit: 'cmi.core.exit',
        sessionTime: 'cmi.core.session_time',
        score: 'cmi.core.score',
        status: 'cmi.core.lesson_status',
      }
    : {
        location: 'cmi.location',
        exit: 'cmi.exit',
        sessionTime: 'cmi.session_time',
        score: 'cmi.score',
        completion: 'cmi.completion_status',
        success: 'cmi.success_status',
      };
  // The longest suspend data each version must keep.
  const room = scorm12 ? 4096 : 64000;
  const get = (element) => String(api[call.get](element) || '');
  // Sets what differs from what this session set, and commits what was set.
  const sent = new Map();
  let unsent = false;
  const set = (element, value) => {
    if (sent.get(element) === String(value)) return;
    sent.set(element, String(value));
    api[call.set](element, String(value));
    unsent = true;
  };
  const commit = () => {
    if (unsent) api[call.commit]('');
    unsent = false;
  };

  // The page's storage, in memory: its items start as the suspend data says, which holds
  // each of this pack's items by the rest of its key (`<slug>`, `<slug>/practice`).
  const prefix = 'lessonpack:' + document.body.dataset.pack + ':';
  const items = new Map();
  let saved = null;
  try {
    saved = JSON.parse(get('cmi.suspend_data'));
  } catch (e) {
    // Nothing saved, or not by this bridge: a fresh start.
  }
  if (saved && typeof saved === 'object') {
    for (const key in saved) items.set(prefix + key, JSON.stringify(saved[key]));
  }
  // Everything kept, as suspend data: with what was read left out when it is too long, and
  // null when even that is.
  const suspendData = () => {
    const state = {};
    for (const [key, value] of items) {
      try {
        if (key.startsWith(prefix)) state[key.slice(prefix.length)] = JSON.parse(value);
      } catch (e) {
        // Not the page's progress: not kept.
      }
    }
    const text = JSON.stringify(state);
    if (text.length <= room) return text;
    for (const key in state) delete state[key].read;
    const shorter = JSON.stringify(state);
    return shorter.length <= room ? shorter : null;
  };

  const quiz = document.querySelector('.quiz');
  const passMark = quiz && quiz.dataset.passMark ? +quiz.dataset.passMark : null;
  const questions = quiz ? [...quiz.querySelectorAll('form.question')].map((form) => form.dataset.key) : [];
  // Whether the quiz's attempt is finished: each question drawn has been checked or its
  // answer shown (see quiz.js).
  const finished = (data) => {
    const attempt = data.quiz || {};
    const drawn = attempt.picked || questions;
    const answers = attempt.answers || {};
    return drawn.length > 0 && drawn.every((key) => answers[key] && (answers[key].values || answers[key].revealed));
  };
  // The part shown, as its id: the location.
  const part = () => {
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      // Kept as written.
    }
    const element = id && document.getElementById(id);
    return element && element.classList.contains('bundle-part') ? id : '';
  };
  const slug = document.body.dataset.lesson;
  const report = () => {
    let data = {};
    try {
      data = JSON.parse(items.get(prefix + slug)) || {};
    } catch (e) {
      // No progress yet.
    }
    const suspend = suspendData();
    if (suspend !== null) set('cmi.suspend_data', suspend);
    if (part()) set(cmi.location, part());
    if (data.of > 0 && data.best >= 0) {
      // 1.2 scores are percents (its mastery score is one), cut to two decimals so that the
      // pass mark compares as in the page; 2004 scores are points, and scaled.
      const percent = Math.floor((10000 * data.best) / data.of) / 100;
      set(cmi.score + '.min', 0);
      set(cmi.score + '.max', scorm12 ? 100 : data.of);
      set(cmi.score + '.raw', scorm12 ? percent : data.best);
      if (!scorm12) set(cmi.score + '.scaled', Math.floor((1e7 * data.best) / data.of) / 1e7);
    }
    const reached = quiz ? finished(data) : !!data.done;
    if (scorm12) {
      const before = get(cmi.status);
      const complete = reached || ['completed', 'passed', 'failed'].includes(before);
      const pass = passMark === null ? 'completed' : data.passed ? 'passed' : 'failed';
      set(cmi.status, complete || data.passed ? pass : 'incomplete');
    } else {
      const complete = reached || data.passed || get(cmi.completion) === 'completed';
      set(cmi.completion, complete ? 'completed' : 'incomplete');
      const success = passMark === null || !complete ? 'unknown' : data.passed ? 'passed' : 'failed';
      set(cmi.success, success);
    }
    commit();
  };

  // storage.js reads `localStorage` each time it keeps or loads progress: here, the items.
  const memory = {
    get length() {
      return items.size;
    },
    key: (i) => (i < items.size ? [...items.keys()][i] : null),
    getItem: (key) => (items.has(String(key)) ? items.get(String(key)) : null),
    setItem: (key, value) => {
      items.set(String(key), String(value));
      report();
    },
    removeItem: (key) => {
      items.delete(String(key));
      report();
    },
    clear: () => {
      items.clear();
      report();
    },
  };
  Object.defineProperty(window, 'localStorage', { configurable: true, get: () => memory });

  // Back where the learner was, unless the launch names a part.
  const place = get(cmi.location);
  const kept = place && document.getElementById(place);
  if (!location.hash && kept && kept.classList.contains('bundle-part')) history.replaceState(null, '', '#' + place);
  if (get(scorm12 ? cmi.status : cmi.completion).match(/^(not attempted|unknown|)$/)) report();
  window.addEventListener('hashchange', () => {
    if (part()) set(cmi.location, part());
    commit();
  });

  // The session ends with the page, kept to resume ("suspend"), with its length.
  const started = Date.now();
  let open = true;
  window.addEventListener('pagehide', () => {
    if (!open) return;
    open = false;
    const hundredths = Math.floor((Date.now() - started) / 10);
    const [h, m, s] = [Math.floor(hundredths / 360000), Math.floor(hundredths / 6000) % 60, (hundredths % 6000) / 100];
    const pad = (n, width) => String(n).padStart(width, '0');
    set(cmi.exit, 'suspend');
    set(
      cmi.sessionTime,
      scorm12 ? pad(Math.min(h, 9999), 2) + ':' + pad(m, 2) + ':' + pad(s.toFixed(2), 5) : 'PT' + h + 'H' + m + 'M' + s + 'S',
    );
    api[call.end]('');
  });
})
