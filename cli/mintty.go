package cli

import "runtime"

// ConsoleAdvice says what to do when the program runs on Windows in Git Bash's mintty
// (MSYSTEM or TERM set, standard input not a console, as cli/cli detects it), where a
// program gets pipes instead of a console and cannot ask anything; "" anywhere else.
func (e Env) ConsoleAdvice() string {
	goos := e.OS
	if goos == "" {
		goos = runtime.GOOS
	}
	if goos != "windows" || e.Streams.InTTY || e.getenv("MSYSTEM") == "" && e.getenv("TERM") == "" {
		return ""
	}
	return "This looks like Git Bash (mintty), which gives programs no Windows console: run `winpty docspace-wizard` instead, or use Windows Terminal, PowerShell or cmd."
}
