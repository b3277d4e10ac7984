;;; eglot-driver.el --- drive Emacs + eglot against arbor-ls in batch mode  -*- lexical-binding: t; -*-
;;
;; Run: ARBOR_EDITOR_BRIEF=<brief.json> emacs --batch -Q -l eglot-driver.el
;; The brief: (:file :command [...] :settings {...} :report :steps [...]).
;; Configures eglot the way the README tells users to, then types, completes with
;; `completion-at-point' and runs a code action, and writes what it saw to a JSON report.
;; The node test (eglot.test.ts) decides pass/fail.
;;
;; Batch mode has no command loop: there are no idle timers and no `post-command-hook' unless we
;; run them.  Where eglot relies on those, this script does what the command loop would do, and says so.

(require 'json)
(require 'package)

;; Debian's elpa-eglot lives under /usr/share/emacs/site-lisp/elpa, which -Q does not activate.
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)

;; Fail fast: eglot re-sends a completion request each time the completion table is consulted.
(setq jsonrpc-default-request-timeout 5)

(defvar arbor-brief
  (let ((json-object-type 'plist) (json-array-type 'vector) (json-key-type 'keyword))
    (json-read-file (getenv "ARBOR_EDITOR_BRIEF"))))
(defvar arbor-steps nil "Recorded steps, newest first.")
(defvar arbor-errors nil)
(defvar arbor-server nil)

(defun arbor-buffer-text ()
  (buffer-substring-no-properties (point-min) (point-max)))

(defun arbor-buffer-tail (name n)
  (let ((b (get-buffer name)))
    (if (not b) ""
      (with-current-buffer b
        (buffer-substring-no-properties (max (point-min) (- (point-max) n)) (point-max))))))

(defun arbor-finish (code)
  (let* ((server arbor-server)
         (report
          (list :steps (vconcat (reverse arbor-steps))
                :errors (vconcat (reverse arbor-errors))
                :eglot_version (or (bound-and-true-p eglot-version) "")
                :messages (arbor-buffer-tail "*Messages*" 6000)
                :events (if server (arbor-buffer-tail (buffer-name (jsonrpc-events-buffer server)) 6000) "")
                :stderr (if server (arbor-buffer-tail (format "*%s stderr*" (jsonrpc-name server)) 3000) ""))))
    (with-temp-file (plist-get arbor-brief :report)
      (let ((json-encoding-pretty-print nil))
        (insert (json-encode report)))))
  (kill-emacs code))

;; A hard limit inside Emacs too (timers run while we wait for process output).
(run-with-timer 55 nil (lambda ()
                         (push "eglot-driver: overall time limit reached" arbor-errors)
                         (arbor-finish 3)))

(defun arbor-wait (what timeout pred)
  "Process events until PRED is non-nil; signal an error after TIMEOUT seconds."
  (let ((deadline (+ (float-time) timeout)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or value (error "Timed out after %ss waiting for %s" timeout what))))

(defun arbor-sync ()
  "Send pending didChange now: what eglot's idle timer does after `eglot-send-changes-idle-time'."
  (eglot--signal-textDocument/didChange))

(defun arbor-server-text ()
  "What the server holds for this buffer (custom request arbor/documentState)."
  (condition-case err
      (plist-get (jsonrpc-request arbor-server :arbor/documentState
                                  (list :uri (eglot--path-to-uri buffer-file-name))
                                  :timeout 5)
                 :text)
    (error (format "arbor/documentState failed: %S" err))))

(defun arbor-goto (line col)
  "Go to LINE (1-based) and COL (0-based characters)."
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column col))

(defun arbor-record (step &rest fields)
  (arbor-sync)
  (push (append (list :name (plist-get step :name)
                      :buffer (arbor-buffer-text)
                      :point (point)
                      :server (arbor-server-text))
                fields)
        arbor-steps))

(defun arbor-step-type (step)
  "Typing: insert and delete text the way commands do; after-change hooks record the edits."
  (let ((cursor (plist-get step :cursor)))
    (arbor-goto (aref cursor 0) (aref cursor 1)))
  (when (plist-get step :delete) (delete-char (plist-get step :delete)))
  (when (plist-get step :insert) (insert (plist-get step :insert)))
  (arbor-record step))

(defun arbor-step-complete (step)
  "M-x completion-at-point (C-M-i) with eglot's capf; a single candidate is inserted and accepted."
  (let ((cursor (plist-get step :cursor)))
    (arbor-goto (aref cursor 0) (aref cursor 1)))
  (unless (memq 'eglot-completion-at-point completion-at-point-functions)
    (error "eglot-completion-at-point is not in completion-at-point-functions: %S" completion-at-point-functions))
  (let ((result (completion-at-point)))
    (arbor-record step :result (format "%S" result))))

(defun arbor-step-code-action (step)
  "M-x eglot-code-actions, choosing the action whose title contains :pick."
  (let ((cursor (plist-get step :cursor))
        (pick (plist-get step :pick))
        (titles nil)
        (before (buffer-modified-tick)))
    (arbor-goto (aref cursor 0) (aref cursor 1))
    ;; The menu: `completing-read' over the titles; answer what the user would pick.
    ;; `last-nonmenu-event' must not be a mouse event (a list) or eglot pops an X menu.
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq titles (mapcar (lambda (c) (if (consp c) (car c) c)) collection))
                 (or (cl-find-if (lambda (title) (string-match-p (regexp-quote pick) title)) titles)
                     (error "No code action titled like %S among %S" pick titles)))))
      (let ((last-nonmenu-event ?\r))
        (eglot-code-actions (point) (point) nil t)))
    (arbor-wait "the code action's edit" 20 (lambda () (/= before (buffer-modified-tick))))
    (arbor-record step :titles (vconcat titles))))

(defun arbor-step-save (step)
  "C-x C-s; the written file's bytes are copied to :copy_to for the node test."
  (save-buffer)
  (copy-file buffer-file-name (plist-get step :copy_to) t)
  (arbor-record step))

(defun arbor-run-step (step)
  (condition-case err
      (pcase (plist-get step :kind)
        ("type" (arbor-step-type step))
        ("complete" (arbor-step-complete step))
        ("code_action" (arbor-step-code-action step))
        ("save" (arbor-step-save step))
        (kind (error "Unknown step kind %S" kind)))
    (error
     (push (format "%s: %s" (plist-get step :name) (error-message-string err)) arbor-errors)
     (arbor-record step :failed (error-message-string err)))))

(condition-case err
    (progn
      ;; --- The configuration a user writes (README, "Emacs eglot") ---
      (add-to-list 'eglot-server-programs
                   `(python-mode . ,(append (plist-get arbor-brief :command) nil)))
      (setq-default eglot-workspace-configuration (list :arbor (plist-get arbor-brief :settings)))
      (setq eglot-confirm-server-initiated-edits nil) ; code actions apply their edit without asking
      (add-hook 'python-mode-hook #'eglot-ensure)
      ;; ---
      (setq python-indent-guess-indent-offset nil)
      (find-file (plist-get arbor-brief :file))
      ;; `eglot-ensure' connects from `post-command-hook', after the command that opened the file.
      (run-hooks 'post-command-hook)
      (setq arbor-server (arbor-wait "eglot to connect" 20
                                     (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server)))))
      (push (list :name "initial" :buffer (arbor-buffer-text) :server (arbor-server-text)
                  :capabilities (eglot--capabilities arbor-server))
            arbor-steps)
      (seq-doseq (step (plist-get arbor-brief :steps))
        (arbor-run-step step))
      (arbor-finish 0))
  (error
   (push (format "driver: %s" (error-message-string err)) arbor-errors)
   (arbor-finish 1)))

;;; eglot-driver.el ends here
