// listen.js: the "Listen" buttons of focus pages (the sentence) and article pages (the
// article), read aloud by the browser's speech synthesis in the pack's language. A button
// stays hidden until the browser has a voice for that language: voices load asynchronously,
// so the check runs again on "voiceschanged", and a browser without speech synthesis, or
// without JavaScript, shows no button. Pressing it again stops (aria-pressed tells which);
// leaving the page, or showing another part of a bundle, stops too. The article is spoken
// block by block (one utterance each: long utterances are cut short by some engines).
((core) => {
  const { $$ } = core;
  const buttons = $$('.listen[data-read]');
  const speech = window.speechSynthesis;
  if (!buttons.length || !speech || !window.SpeechSynthesisUtterance) return;
  const lang = document.documentElement.lang || 'en';
  const primary = (tag) => String(tag).toLowerCase().split(/[-_]/)[0];
  // The voice for the pack's language: one of exactly that language, else of its primary
  // subtag ("pt" for "pt-BR"); null when there is none.
  const voice = () => {
    const voices = speech.getVoices() || [];
    const exact = voices.find((v) => String(v.lang).toLowerCase().replace('_', '-') === lang.toLowerCase());
    return exact || voices.find((v) => primary(v.lang) === primary(lang)) || null;
  };
  let playing = null;
  const stop = () => {
    if (!playing) return;
    playing.setAttribute('aria-pressed', 'false');
    playing = null;
    speech.cancel();
  };
  const show = () => {
    const available = voice() !== null;
    for (const button of buttons) button.hidden = !available;
    if (!available) stop();
  };
  // The texts to speak for `button`: each block of the element it names.
  const texts = (button) => {
    const source = document.getElementById(button.dataset.read);
    if (!source) return [];
    const blocks = source.matches('p') ? [source] : [...source.children];
    return blocks.map((b) => b.textContent.replace(/\s+/g, ' ').trim()).filter((t) => t);
  };
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const again = playing === button;
      stop();
      if (again) return;
      const chosen = voice();
      const parts = texts(button);
      if (!chosen || !parts.length) return;
      playing = button;
      button.setAttribute('aria-pressed', 'true');
      parts.forEach((text, i) => {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        utterance.voice = chosen;
        if (i === parts.length - 1) {
          utterance.onend = () => {
            if (playing === button) {
              button.setAttribute('aria-pressed', 'false');
              playing = null;
            }
          };
        }
        utterance.onerror = utterance.onend || null;
        speech.speak(utterance);
      });
    });
  }
  show();
  speech.addEventListener('voiceschanged', show);
  window.addEventListener('pagehide', stop);
  core.onShow(stop);
})(core);
