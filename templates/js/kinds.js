// kinds.js: the registry of question kinds. Each file of js/kinds/ registers the script of
// one or more kinds under the name a question form carries in `data-kind`:
//   read(form): the learner's value for each part of the answer (an array of strings), or
//     null when nothing is answered yet (see src/layout/quiz/mod.rs for what a part is);
//   write(form, values): puts back the values `read` gave (a reload shows the last answer);
//   typed: true when the values are typed text, normalised before they are hashed;
//   empty: the name of the message for a Check with nothing answered (`chooseFirst`), or a
//     function of the form that gives it;
//   reset(form): optional, after the form's own reset (e.g. to shuffle again);
//   mark(form, rights): optional, shows which parts are right (`rights[i]` true or false).
// And the hooks that run after a question's verdict is shown, as hook(form, answered):
// feedback.js adds one, in the scripts of quizzes whose author wrote feedback.
const questionKinds = {};
const afterVerdict = [];
