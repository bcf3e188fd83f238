;; Runs the README's eglot recipe (its upstart-mode and eglot blocks, in SNIPPET) in real Emacs +
;; eglot: opens TARGET, adds APPEND without saving, waits for upstart-lint's diagnostics (flymake)
;; and writes them to OUT: the major mode and eglot's server on the first line, then one line per
;; diagnostic.
(package-initialize)
(load (getenv "SNIPPET"))
(find-file (getenv "TARGET"))
;; Edited before eglot connects, so that the unsaved text is what it opens: batch mode runs no idle
;; timers, which eglot sends later changes from.
(when (> (length (or (getenv "APPEND") "")) 0)
  (goto-char (point-max))
  (insert (getenv "APPEND") "\n"))
;; eglot-ensure connects from post-command-hook, which batch mode never runs by itself.
(run-hooks 'post-command-hook)
(let ((n 0))
  (while (and (< n 200) (null (flymake-diagnostics)))
    (accept-process-output nil 0.1)
    (setq n (1+ n)))
  ;; One more moment for a later publication of the same edit.
  (dotimes (_ 5) (accept-process-output nil 0.1)))
(let ((lines (list (format "%s %s" major-mode (and (eglot-current-server) (eglot--project-nickname (eglot-current-server)) "eglot")))))
  (dolist (d (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
    (save-excursion
      (goto-char (flymake-diagnostic-beg d))
      (push (format "%d:%d %s %s" (line-number-at-pos) (current-column) (flymake-diagnostic-type d)
                    (replace-regexp-in-string "\n.*" "" (flymake-diagnostic-text d)))
            lines)))
  (with-temp-file (getenv "OUT") (insert (mapconcat #'identity (nreverse lines) "\n") "\n")))
(kill-emacs 0)
