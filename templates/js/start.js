// start.js: the last file of a site page's script: the page itself is the one view.
core.show(document.body);
