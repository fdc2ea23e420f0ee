/// A session's transcript as Markdown: each command and its output in one fenced block, as
/// it appeared at the prompt (colours removed).
func transcriptMarkdown(_ entries: [TranscriptEntry]) -> String {
  var text = transcriptTitle + "\n"
  if entries.isEmpty { return text + "(no commands yet)\n" }
  for entry in entries {
    text += transcriptBlock(entry) + "\n"
  }
  return text
}

/// The first line of every transcript, which marks it as minirnn's.
let transcriptTitle = "# minirnn transcript\n"

/// One command and what it printed (colours removed) as a fenced Markdown block.
func transcriptBlock(_ entry: TranscriptEntry) -> String {
  var block = "minirnn> \(entry.command)\n" + TextLayout.plain(entry.output)
  if let error = entry.error { block += "error: \(error)\n" }
  if !block.hasSuffix("\n") { block += "\n" }
  // A fence longer than any run of backticks inside, so the block cannot end early.
  let fence = String(repeating: "`", count: max(3, longestBacktickRun(block) + 1))
  return "\(fence)text\n\(block)\(fence)\n"
}

private func longestBacktickRun(_ text: String) -> Int {
  var longest = 0
  var run = 0
  for character in text {
    run = character == "`" ? run + 1 : 0
    longest = max(longest, run)
  }
  return longest
}
