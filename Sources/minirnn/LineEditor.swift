import CEditLine
@preconcurrency import Glibc
import Tutor

/// What one call to `LineEditor.readLine` brought back.
enum LineInput: Equatable {
  /// A line, without its newline.
  case line(String)
  /// Ctrl-C: the line typed so far is dropped.
  case interrupted
  /// Ctrl-D on an empty line, or the terminal went away.
  case end
  /// SIGTERM or SIGHUP arrived; carries the signal.
  case terminated(Int32)
  /// Ctrl-Z: carries the line typed so far, to be given back with `readLine(prompt:typed:)`.
  case suspended(String)
}

/// The prompt: libedit in emacs mode with history (Up/Down, Ctrl-R) and Tab completion.
///
/// Used only when standard input and output are both terminals. libedit's callbacks are C
/// functions that cannot capture, so the editor hands libedit a pointer to itself
/// (EL_CLIENTDATA) and the callbacks find it there.
final class LineEditor {
  private let editor: OpaquePointer
  private let history: OpaquePointer
  private var event = HistEvent()
  /// Where each line is saved; nil when the history is not kept on disk.
  private var historyPath: String?
  private var promptText: UnsafeMutablePointer<CChar>
  private let complete: (String) -> Completion
  /// Columns, for laying out the choices Tab lists.
  var width: Int
  private var closed = false
  /// The read end of the signal handlers' wake pipe, or -1.
  private let wake: Int32

  /// `complete` answers Tab: it gets the line up to the cursor.
  init(width: Int, complete: @escaping (String) -> Completion) {
    self.width = width
    self.complete = complete
    wake = Signals.makeWakePipe() ?? -1
    promptText = strdup("")
    editor = el_init("minirnn", minirnn_stdin(), minirnn_stdout(), minirnn_stderr())
    history = history_init()
    // The default size is 0, which keeps nothing: set it before anything is entered.
    minirnn_history_set_size(history, &event, 1000)
    minirnn_history_set_unique(history, &event, 1)
    minirnn_el_set_history(editor, history)
    minirnn_el_set_editor(editor, "emacs")
    minirnn_el_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
    minirnn_el_set_prompt(editor) { editor in
      guard let editor, let owner = LineEditor.owner(of: editor) else { return nil }
      return owner.promptText
    }
    minirnn_el_add_function(editor, "minirnn-complete", "Complete the word before the cursor") {
      editor, _ in
      guard let editor, let owner = LineEditor.owner(of: editor) else { return UInt8(CC_ERROR) }
      return owner.completeAtCursor()
    }
    minirnn_el_set_reader(editor) { editor, character in
      guard let editor, let character, let owner = LineEditor.owner(of: editor) else {
        return -1
      }
      return owner.readCharacter(into: character)
    }
    minirnn_el_bind(editor, "^I", "minirnn-complete")
    minirnn_el_bind(editor, "^R", "em-inc-search-prev")
  }

  deinit { close() }

  private static func owner(of editor: OpaquePointer) -> LineEditor? {
    guard let data = minirnn_el_client_data(editor) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
  }

  /// Restores the terminal; call before the process ends.
  func close() {
    guard !closed else { return }
    closed = true
    el_end(editor)
    history_end(history)
    if wake >= 0 {
      Glibc.close(wake)
      Glibc.close(wakeDescriptor.exchange(-1, ordering: .relaxed))
    }
    free(promptText)
  }

  /// Shows `prompt` and reads one line; `typed` is put back in the line first.
  func readLine(prompt: String, typed: String = "") -> LineInput {
    free(promptText)
    promptText = strdup(prompt)
    noticeResize(redraw: false)
    if !typed.isEmpty { el_push(editor, typed) }
    var count: Int32 = 0
    Signals.catchSuspend(true)
    let text = el_gets(editor, &count)
    Signals.catchSuspend(false)
    guard let text else {
      // el_gets returns NULL for both: count 0 is end of input, count -1 a failed read,
      // which is what a signal without SA_RESTART causes.
      let signal = terminationSignal.load(ordering: .relaxed)
      if signal != 0 { return .terminated(signal) }
      if count == -1 && interruptRequested.exchange(false, ordering: .relaxed) {
        return .interrupted
      }
      if count == -1 && suspendRequested.exchange(false, ordering: .relaxed) {
        return .suspended(textBeforeCursor(all: true))
      }
      return .end
    }
    var line = String(cString: text)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// Loads the history file at `path`, creating it if needed, and saves to it from then on.
  /// Returns why the history cannot be kept on disk, or nil.
  func keepHistory(at path: String) -> String? {
    if let problem = HistoryFile.prepare(path) { return problem }
    // Saving renames a new file into place; through a link, that must be the file it names.
    var path = path
    if let resolved = realpath(path, nil) {
      path = String(cString: resolved)
      free(resolved)
    }
    // A file libedit did not write fails to load; it is left alone rather than overwritten.
    if !HistoryFile.isEmpty(path) && minirnn_history_load(history, &event, path) < 0 {
      return "\(path) is not a history file minirnn can read"
    }
    historyPath = path
    return nil
  }

  /// Adds a non-blank line to the history and saves the file at once, so a crash loses
  /// nothing. Returns why saving failed (saving then stops), or nil.
  func remember(_ line: String) -> String? {
    // Tab leaves a space after a completed word; the history need not keep it.
    guard let last = line.lastIndex(where: { !$0.isWhitespace }), HistoryFile.keeps(line) else {
      return nil
    }
    minirnn_history_enter(history, &event, String(line[...last]))
    guard let path = historyPath else { return nil }
    // Added to the file as it is now, so another minirnn's lines are kept.
    let problem = HistoryFile.append(String(line[...last]), to: path)
    if problem != nil { historyPath = nil }
    return problem
  }

  /// Reads one key for libedit: 1 with the character stored, 0 at end of input, or -1 with
  /// errno EINTR when a signal asked the prompt to give up the line (Ctrl-C, Ctrl-Z, SIGTERM).
  ///
  /// libedit's own reader blocks in `read`, and a signal that lands between two reads is
  /// noticed only at the next key. This one waits in `poll` on the terminal and the wake
  /// pipe, checking the flags each time it wakes.
  private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
    var state = mbstate_t()
    while true {
      if interruptRequested.load(ordering: .relaxed) || suspendRequested.load(ordering: .relaxed)
        || terminationSignal.load(ordering: .relaxed) != 0
      {
        errno = EINTR
        return -1
      }
      noticeResize(redraw: true)
      var waiting = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
      ]
      if poll(&waiting, nfds_t(wake >= 0 ? 2 : 1), -1) < 0 {
        if errno == EINTR { continue }
        return -1
      }
      if waiting[1].revents != 0 {
        var drain = [UInt8](repeating: 0, count: 64)
        while read(wake, &drain, drain.count) > 0 {}
        continue
      }
      // Poll said a key was there, but Ctrl-C flushes the terminal's input queue: a key
      // typed just before it can vanish between the poll and the read. A blocking read would
      // then wait for the next key with the interrupt unseen, so read without blocking and go
      // back to the poll (which sees the wake pipe) when nothing is there.
      var byte: CChar = 0
      let flags = fcntl(STDIN_FILENO, F_GETFL)
      _ = fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK)
      let count = read(STDIN_FILENO, &byte, 1)
      let readError = errno
      _ = fcntl(STDIN_FILENO, F_SETFL, flags)
      errno = readError
      if count == 0 { return 0 }
      if count < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        return -1
      }
      var wide: wchar_t = 0
      switch mbrtowc(&wide, &byte, 1, &state) {
      case -2:
        continue  // part of a multibyte character: read on
      case -1:
        state = mbstate_t()  // not valid in the locale: dropped, as libedit does
        continue
      default:
        character.pointee = wide
        return 1
      }
    }
  }

  /// After a resize: tells libedit the new size and, in the middle of a line, redraws it.
  ///
  /// libedit's refresh draws from where the cursor is, as if the screen were empty, so by
  /// itself it repeats the prompt and the line on the same row. The cursor first goes back
  /// to where the prompt starts (the terminal has re-wrapped the line to the new width, as
  /// most do), and what follows is cleared.
  private func noticeResize(redraw: Bool) {
    guard resizeNoticed.exchange(false, ordering: .relaxed) else { return }
    el_resize(editor)
    width = TerminalDetection.terminalWidth() ?? width
    guard redraw else { return }
    let before = String(cString: promptText).count + textBeforeCursor().count
    let rowsAbove = width > 0 ? before / width : 0
    Output.out("\r" + (rowsAbove > 0 ? "\u{1B}[\(rowsAbove)A" : "") + "\u{1B}[J")
    minirnn_el_refresh(editor)
  }

  /// The line being edited up to the cursor, or all of it.
  private func textBeforeCursor(all: Bool = false) -> String {
    guard let info = el_line(editor)?.pointee else { return "" }
    let end = all ? info.lastchar! : info.cursor!
    let count = end - info.buffer
    return info.buffer.withMemoryRebound(to: UInt8.self, capacity: count) {
      String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
  }

  /// Tab: completes the word before the cursor, or lists the choices below the line.
  private func completeAtCursor() -> UInt8 {
    switch TabCompletion.action(for: complete(textBeforeCursor())) {
    case .insert(let text):
      return UInt8(el_insertstr(editor, text) == 0 ? CC_REFRESH : CC_ERROR)
    case .list(let words):
      Output.out("\n" + TabCompletion.columns(words, width: width))
      return UInt8(CC_REDISPLAY)
    case .nothing:
      return UInt8(CC_ERROR)
    }
  }
}
