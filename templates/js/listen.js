// listen.js: the "Listen" buttons of focus pages (the sentence) and article pages (the
// article). A button with `data-audio` plays the author's recordings (one URL, or the
// article's, space-separated, in turn); any other is read aloud by the browser's speech
// synthesis in the pack's language, and stays hidden until the browser has a voice for that
// language: voices load asynchronously, so the check runs again on "voiceschanged", and a
// browser without speech synthesis, or without JavaScript, shows no such button. Pressing it
// again stops (aria-pressed tells which); leaving the page, or showing another part of a
// bundle, stops too. The article is spoken block by block (one utterance each: long
// utterances are cut short by some engines).
((core) => {
  const { $$ } = core;
  const buttons = $$('.listen[data-read]');
  if (!buttons.length) return;
  const recorded = (button) => (button.dataset.audio || '').split(' ').filter((url) => url);
  const speech = window.speechSynthesis;
  const canSpeak = !!speech && !!window.SpeechSynthesisUtterance;
  const lang = document.documentElement.lang || 'en';
  const primary = (tag) => String(tag).toLowerCase().split(/[-_]/)[0];
  // The voice for the pack's language: one of exactly that language, else of its primary
  // subtag ("pt" for "pt-BR"); null when there is none.
  const voice = () => {
    const voices = (canSpeak && speech.getVoices()) || [];
    const exact = voices.find((v) => String(v.lang).toLowerCase().replace('_', '-') === lang.toLowerCase());
    return exact || voices.find((v) => primary(v.lang) === primary(lang)) || null;
  };
  let playing = null;
  let audio = null;
  const done = (button) => {
    if (playing !== button) return;
    button.setAttribute('aria-pressed', 'false');
    playing = null;
  };
  const stop = () => {
    if (!playing) return;
    playing.setAttribute('aria-pressed', 'false');
    playing = null;
    if (audio) audio.pause();
    audio = null;
    if (canSpeak) speech.cancel();
  };
  const show = () => {
    const available = voice() !== null;
    for (const button of buttons) button.hidden = !recorded(button).length && !available;
    if (!available && playing && !recorded(playing).length) stop();
  };
  // The texts to speak for `button`: each block of the element it names.
  const texts = (button) => {
    const source = document.getElementById(button.dataset.read);
    if (!source) return [];
    const blocks = source.matches('p') ? [source] : [...source.children];
    return blocks.map((b) => b.textContent.replace(/\s+/g, ' ').trim()).filter((t) => t);
  };
  // Plays the recordings from the `at`-th on, one after another.
  const play = (button, urls, at) => {
    if (playing !== button) return;
    if (at >= urls.length) {
      done(button);
      return;
    }
    audio = new Audio(urls[at]);
    audio.addEventListener('ended', () => play(button, urls, at + 1));
    audio.addEventListener('error', () => done(button));
    const started = audio.play();
    if (started && started.catch) started.catch(() => done(button));
  };
  const speak = (button) => {
    const chosen = voice();
    const parts = texts(button);
    if (!chosen || !parts.length) return false;
    parts.forEach((text, i) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      utterance.voice = chosen;
      if (i === parts.length - 1) utterance.onend = () => done(button);
      utterance.onerror = utterance.onend || null;
      speech.speak(utterance);
    });
    return true;
  };
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const again = playing === button;
      stop();
      if (again) return;
      playing = button;
      button.setAttribute('aria-pressed', 'true');
      const urls = recorded(button);
      if (urls.length) play(button, urls, 0);
      else if (!speak(button)) done(button);
    });
  }
  show();
  if (canSpeak) speech.addEventListener('voiceschanged', show);
  window.addEventListener('pagehide', stop);
  core.onShow(stop);
})(core);
