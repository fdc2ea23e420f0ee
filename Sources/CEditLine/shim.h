#ifndef MINIRNN_CEDITLINE_SHIM_H
#define MINIRNN_CEDITLINE_SHIM_H

// el_set, el_get and history are C-variadic, which Swift cannot call. Each wrapper below
// fixes the argument types of one use, so the executable never touches varargs.

#include <histedit.h>
#include <stdio.h>

/// A function bound to a key (Tab): returns one of the CC_* codes.
typedef unsigned char (*minirnn_el_function)(EditLine *, int);
/// Returns the prompt text; the pointer must stay valid until the next call.
typedef char *(*minirnn_el_prompt_function)(EditLine *);

static inline int minirnn_el_set_prompt(EditLine *el, minirnn_el_prompt_function prompt) {
  return el_set(el, EL_PROMPT, prompt);
}

/// "emacs" or "vi".
static inline int minirnn_el_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}

/// Lets the editor browse `history` with Up/Down and search it with Ctrl-R.
static inline int minirnn_el_set_history(EditLine *el, History *history_) {
  return el_set(el, EL_HIST, history, history_);
}

/// Registers a named editor function that key bindings can name.
static inline int minirnn_el_add_function(
  EditLine *el, const char *name, const char *help, minirnn_el_function function) {
  return el_set(el, EL_ADDFN, name, help, function);
}

/// Binds `key` (e.g. "^I") to the editor function named `command`.
static inline int minirnn_el_bind(EditLine *el, const char *key, const char *command) {
  return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

/// Replaces libedit's key reader: `read_character` stores one character and returns 1, or
/// returns 0 at end of input and -1 on an error (errno says which).
static inline int minirnn_el_set_reader(EditLine *el, el_rfunc_t read_character) {
  return el_set(el, EL_GETCFN, read_character);
}

/// Redraws the prompt and the line (after a resize).
static inline int minirnn_el_refresh(EditLine *el) {
  return el_set(el, EL_REFRESH);
}

/// Hands the editor a pointer its callbacks can get back with minirnn_el_client_data.
static inline int minirnn_el_set_client_data(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}

static inline void *minirnn_el_client_data(EditLine *el) {
  void *data = NULL;
  if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}

/// Keeps at most `size` entries; the default is 0, which keeps nothing, so call it first.
static inline int minirnn_history_set_size(History *h, HistEvent *event, int size) {
  return history(h, event, H_SETSIZE, size);
}

/// 1: an entry equal to the previous one is not added again.
static inline int minirnn_history_set_unique(History *h, HistEvent *event, int unique) {
  return history(h, event, H_SETUNIQUE, unique);
}

/// Adds a line (without its newline) as the newest entry.
static inline int minirnn_history_enter(History *h, HistEvent *event, const char *line) {
  return history(h, event, H_ENTER, line);
}

/// Returns the number of entries read, or -1 (errno set when the file could not be opened).
static inline int minirnn_history_load(History *h, HistEvent *event, const char *path) {
  return history(h, event, H_LOAD, path);
}

/// Returns the number of entries written, or -1 with errno set.
static inline int minirnn_history_save(History *h, HistEvent *event, const char *path) {
  return history(h, event, H_SAVE, path);
}

/// The C library's standard streams, handed over so Swift 6 does not see mutable globals.
static inline FILE *minirnn_stdin(void) { return stdin; }
static inline FILE *minirnn_stdout(void) { return stdout; }
static inline FILE *minirnn_stderr(void) { return stderr; }

#endif
