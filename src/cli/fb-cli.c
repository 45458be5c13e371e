/* fb-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * forkbench-cli: Forkbench from scripts. Its commands, options, exit
 * statuses and JSON keys are a contract (ARCHITECTURE.md):
 *
 *   0    every task succeeded
 *   1    the run finished but some tasks failed
 *   2    bad input or usage: nothing ran
 *   130  interrupted: what finished is still printed
 */

#define G_LOG_DOMAIN "forkbench-cli"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "fb-engine.h"
#include "fb-monitor.h"

#define EXIT_OK          0
#define EXIT_TASKS_FAILED 1
#define EXIT_USAGE       2
#define EXIT_INTERRUPTED 130

typedef enum
{
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_CSV,
} Format;

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static int cmd_run      (int argc, char **argv);
static int cmd_sweep    (int argc, char **argv);
static int cmd_presets  (int argc, char **argv);
static int cmd_kernels  (int argc, char **argv);
static int cmd_validate (int argc, char **argv);
static int cmd_monitor  (int argc, char **argv);

/* The commands' names are what scripts type, and are not translated; their
 * arguments and summaries are, where they are shown. */
static const Command commands[] = {
  /* TRANSLATORS: the arguments of "forkbench-cli run": translate FILE and
   * NAME, not --preset */
  { "run", N_("FILE | --preset NAME"),
    N_("Run a workload in processes, threads or both, and compare them"), cmd_run },
  /* TRANSLATORS: the arguments of "forkbench-cli sweep": translate FILE,
   * NAME and N, not --preset and --workers */
  { "sweep", N_("FILE | --preset NAME --workers 1..N"),
    N_("Run a workload at 1..N workers and measure its speedup"), cmd_sweep },
  { "presets", "", N_("List the workloads Forkbench ships"), cmd_presets },
  { "kernels", "", N_("List the kernels a workload can run, with their parameters"), cmd_kernels },
  /* TRANSLATORS: the argument of "forkbench-cli validate" */
  { "validate", N_("FILE"), N_("Check a workload file without running it"), cmd_validate },
  { "monitor", "", N_("Show what every core does, live"), cmd_monitor },
};

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("forkbench-cli: %s\n", message);
  return EXIT_USAGE;
}

static gboolean
parse_format (const char *str,
              Format     *format,
              gboolean    csv_allowed)
{
  if (str == NULL || g_str_equal (str, "text"))
    *format = FORMAT_TEXT;
  else if (g_str_equal (str, "json"))
    *format = FORMAT_JSON;
  else if (csv_allowed && g_str_equal (str, "csv"))
    *format = FORMAT_CSV;
  else
    return FALSE;

  return TRUE;
}

static GOptionContext *
make_context (const Command      *command,
              const GOptionEntry *entries)
{
  g_autofree char *name = g_strdup_printf ("forkbench-cli %s", command->name);
  GOptionContext *context = g_option_context_new (command->args[0] ? _(command->args) : NULL);

  /* --help says "forkbench-cli run [OPTION…] FILE", the order the options
   * are taken in. */
  g_set_prgname (name);

  /* The summary and the options' descriptions are translated when --help
   * shows them. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_help_enabled (context, TRUE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

/* Loading */

static FbWorkload *
load_workload (char       **positional,
               const char  *preset,
               GError     **error)
{
  guint n = positional ? g_strv_length (positional) : 0;

  if (preset != NULL && n > 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("give a workload file or --preset, not both"));
      return NULL;
    }

  if (preset != NULL)
    return fb_workload_new_from_preset (preset, error);

  if (n == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           /* TRANSLATORS: translate NAME, not --preset or the command */
                           _("give a workload file, or --preset NAME (see “forkbench-cli presets”)"));
      return NULL;
    }

  if (n > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   /* TRANSLATORS: how many files were given, always more than one */
                   _("give one workload file, not %u"), n);
      return NULL;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (positional[0]);
    return fb_workload_new_from_file (file, error);
  }
}

static void
print_warnings (FbWorkload *workload)
{
  const char * const *warnings = fb_workload_get_warnings (workload);

  for (guint i = 0; warnings[i]; i++)
    {
      /* TRANSLATORS: %s is what is worth knowing about a workload file */
      g_autofree char *warning = g_strdup_printf (_("warning: %s"), warnings[i]);

      g_printerr ("forkbench-cli: %s\n", warning);
    }
}

/* Output */

/* Says before anything runs that --output names a place no file can be
 * written to, rather than after the whole run. */
static gboolean
check_output (const char  *path,
              GError     **error)
{
  g_autofree char *dir = NULL;

  if (path == NULL)
    return TRUE;

  dir = g_path_get_dirname (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      /* TRANSLATORS: a folder's name */
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("%s is a folder"), path);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      /* TRANSLATORS: a folder's name */
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("there is no folder %s"), dir);
      return FALSE;
    }
  if (access (dir, W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_output (const char  *path,
              const char  *text,
              GError     **error)
{
  /* Standard output is checked once, in main(). */
  if (path == NULL)
    {
      fputs (text, stdout);
      return TRUE;
    }

  /* Atomic, like saving a workload: a reader never sees half a report. */
  return g_file_set_contents (path, text, -1, error);
}

/* Pads to @width display columns, which strlen() miscounts for µ and —. */
static void
append_padded (GString    *out,
               const char *text,
               guint       width,
               gboolean    right)
{
  glong len = g_utf8_strlen (text, -1);
  guint pad = len < (glong) width ? width - (guint) len : 0;

  if (right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

static void
append_run_header (GString *out,
                   FbRun   *run)
{
  FbWorkload *workload = fb_run_get_workload (run);
  g_autofree char *machine = fb_run_get_machine (run) ? fb_machine_describe (fb_run_get_machine (run)) : NULL;
  guint64 n_tasks = fb_workload_get_n_tasks (workload);

  g_string_append_printf (out, "%s\n", fb_workload_get_name (workload));
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: a kernel's name, how many tasks, the chunk size,
                                             * and either the mode, “processes”, “threads” or “both”, which
                                             * stay in English, or “sweep over workers” */
                                            "%s, %llu task, chunk size %u, %s",
                                            "%s, %llu tasks, chunk size %u, %s",
                                            n_tasks),
                          fb_workload_get_kernel (workload), (unsigned long long) n_tasks,
                          fb_workload_get_chunksize (workload),
                          fb_run_is_sweep (run) ? _("sweep over workers")
                                                : fb_run_mode_to_string (fb_workload_get_mode (workload)));
  g_string_append_c (out, '\n');
  if (machine != NULL)
    g_string_append_printf (out, "%s\n", machine);
  if (fb_run_get_python (run) != NULL)
    {
      g_autofree char *python = fb_python_info_describe (fb_run_get_python (run));

      g_string_append_printf (out, "%s\n", python);
    }
  g_string_append_c (out, '\n');
}

static char *
format_run_text (FbRun    *run,
                 gboolean  with_results)
{
  static const char *headers[] = {
    /* TRANSLATORS: the headers of the table of a run's results; a column
     * widens to fit a longer header */
    N_("Mode"), N_("Workers"), N_("Tasks"), N_("Failed"), N_("Wall"), N_("Throughput"), N_("Speedup"),
    /* TRANSLATORS: p50 is the median, the 50th percentile */
    N_("Efficiency"), N_("Latency p50"),
    /* TRANSLATORS: the 95th and 99th percentiles of the latency */
    N_("p95"), N_("p99"),
    N_("Cores busy"), N_("Memory added"),
  };
  static const guint min_widths[] = { 10, 7, 8, 6, 9, 11, 8, 10, 11, 8, 8, 10, 12 };
  guint widths[G_N_ELEMENTS (headers)];
  GPtrArray *reports = fb_run_get_reports (run);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *verdict = NULL;
  g_autofree char *processes_label = NULL;
  g_autofree char *threads_label = NULL;
  guint label_width;
  gboolean any_estimate = FALSE;

  append_run_header (out, run);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      widths[c] = MAX (min_widths[c], (guint) g_utf8_strlen (_(headers[c]), -1));
      append_padded (out, _(headers[c]), widths[c], c > 0);
      g_string_append (out, c + 1 < G_N_ELEMENTS (headers) ? "  " : "\n");
    }

  for (guint i = 0; i < reports->len; i++)
    {
      FbReport *r = g_ptr_array_index (reports, i);
      g_autofree char *workers = g_strdup_printf ("%u", r->workers);
      g_autofree char *tasks = g_strdup_printf ("%" G_GUINT64_FORMAT, r->tasks_ok + r->tasks_failed);
      g_autofree char *failed = g_strdup_printf ("%" G_GUINT64_FORMAT, r->tasks_failed);
      /* TRANSLATORS: a duration in seconds, such as "2.051 s" */
      g_autofree char *wall = g_strdup_printf (_("%.3f s"), r->wall_s);
      g_autofree char *tps = fb_format_rate (r->throughput_tps);
      g_autofree char *speedup = g_strdup_printf ("%.2f%s", r->speedup, r->speedup_measured ? "" : "~");
      g_autofree char *efficiency = g_strdup_printf ("%.2f", r->efficiency);
      g_autofree char *p50 = fb_format_us (r->latency_p50_us);
      g_autofree char *p95 = fb_format_us (r->latency_p95_us);
      g_autofree char *p99 = fb_format_us (r->latency_p99_us);
      g_autofree char *busy = g_strdup_printf ("%.2f", r->cores_busy);
      g_autofree char *peak = fb_format_bytes (r->peak_rss_bytes);
      const char *cells[] = {
        fb_pool_kind_to_string (r->kind), workers, tasks, failed, wall, tps, speedup,
        efficiency, p50, p95, p99, busy, peak,
      };

      if (r->interrupted)
        tasks = (g_free (tasks), g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                                                  r->tasks_ok + r->tasks_failed, r->tasks_total));
      cells[2] = tasks;
      any_estimate |= !r->speedup_measured;

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          append_padded (out, cells[c], widths[c], c > 0);
          g_string_append (out, c + 1 < G_N_ELEMENTS (cells) ? "  " : "\n");
        }
    }

  if (any_estimate)
    {
      /* TRANSLATORS: explains the ~ after an estimated speedup in the table */
      g_string_append (out, _("~ estimated from the tasks' own times; “forkbench-cli sweep” measures it."));
      g_string_append_c (out, '\n');
    }

  /* What every core did, mode by mode: the machine's view of the run. Both
   * labels take the width of the longer one, so that the columns line up. */
  /* TRANSLATORS: the label of a line of percentages, one per core; %s is
   * the mode, “processes” or “threads”, which stays in English */
  processes_label = g_strdup_printf (_("Each core busy, %s:"), fb_pool_kind_to_string (FB_POOL_PROCESSES));
  threads_label = g_strdup_printf (_("Each core busy, %s:"), fb_pool_kind_to_string (FB_POOL_THREADS));
  label_width = (guint) MAX (g_utf8_strlen (processes_label, -1), g_utf8_strlen (threads_label, -1));

  for (guint i = 0; i < reports->len && !fb_run_is_sweep (run); i++)
    {
      FbReport *r = g_ptr_array_index (reports, i);

      if (r->cpu_per_core == NULL)
        continue;

      if (i == 0)
        g_string_append_c (out, '\n');
      append_padded (out, r->kind == FB_POOL_PROCESSES ? processes_label : threads_label, label_width, FALSE);
      if (!fb_report_has_per_core (r))
        {
          g_string_append_printf (out, " %s\n", _("too short to measure"));
          continue;
        }
      for (guint c = 0; c < r->cpu_per_core->len; c++)
        {
          double busy = g_array_index (r->cpu_per_core, double, c);

          if (isnan (busy))
            g_string_append (out, "   —");
          else
            g_string_append_printf (out, " %3.0f%%", busy * 100);
        }
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < reports->len && !fb_run_is_sweep (run); i++)
    {
      FbReport *r = g_ptr_array_index (reports, i);
      const char *mode = fb_pool_kind_to_string (r->kind);
      guint shown = 0;

      if (with_results || r->records->len <= 20)
        {
          g_string_append_c (out, '\n');
          /* TRANSLATORS: %s is the mode, “processes” or “threads”, which stays
           * in English; the tasks' results follow, in brackets */
          g_string_append_printf (out, _("Results (%s):"), mode);
          g_string_append (out, " [");
          for (guint t = 0; t < r->records->len; t++)
            {
              FbTaskRecord *record = g_ptr_array_index (r->records, t);
              const char *value_json = fb_task_record_get_value_json (record);

              if (t > 0)
                g_string_append (out, ", ");
              if (record->status == FB_TASK_SUCCEEDED && value_json != NULL)
                g_string_append (out, value_json);
              else if (record->status == FB_TASK_SUCCEEDED)
                g_string_append_printf (out, "%" G_GINT64_FORMAT, record->value);
              else
                /* TRANSLATORS: in the list of results, instead of a failed task's */
                g_string_append (out, _("failed"));
            }
          g_string_append (out, "]\n");
        }

      for (guint t = 0; t < r->records->len; t++)
        {
          FbTaskRecord *record = g_ptr_array_index (r->records, t);
          const char *output = fb_task_record_get_output (record);

          if (output == NULL)
            continue;
          if (shown++ == 0)
            {
              g_string_append_c (out, '\n');
              /* TRANSLATORS: %s is the mode, “processes” or “threads”, which
               * stays in English; what the tasks printed follows */
              g_string_append_printf (out, _("Output (%s):"), mode);
              g_string_append_c (out, '\n');
            }
          if (shown > 20 && !with_results)
            {
              g_string_append (out, "  …\n");
              break;
            }
          g_string_append_printf (out, "  %s%s", output, g_str_has_suffix (output, "\n") ? "" : "\n");
        }

      shown = 0;
      for (guint t = 0; t < r->records->len; t++)
        {
          FbTaskRecord *record = g_ptr_array_index (r->records, t);
          const char *traceback = fb_task_record_get_traceback (record);

          if (record->status != FB_TASK_FAILED)
            continue;
          if (shown++ == 0)
            {
              g_string_append_c (out, '\n');
              /* TRANSLATORS: %s is the mode, “processes” or “threads”, which
               * stays in English; the failed tasks follow */
              g_string_append_printf (out, _("Failures (%s):"), mode);
              g_string_append_c (out, '\n');
            }
          g_string_append (out, "  ");
          if (shown > 20)
            {
              guint64 more = r->tasks_failed - 20;

              /* TRANSLATORS: how many more failed tasks there are than the list shows */
              g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "… and %llu more", "… and %llu more", more),
                                      (unsigned long long) more);
              g_string_append_c (out, '\n');
              break;
            }
          /* TRANSLATORS: a failed task's index, and its error */
          g_string_append_printf (out, _("task %llu: %s"), (unsigned long long) record->index,
                                  fb_task_record_get_error (record)->message);
          g_string_append_c (out, '\n');
          if (traceback != NULL)
            {
              g_auto(GStrv) lines = g_strsplit (traceback, "\n", -1);

              /* A Python exception's traceback, under its last line. */
              for (guint l = 0; lines[l] != NULL; l++)
                if (lines[l][0] != '\0')
                  g_string_append_printf (out, "    %s\n", lines[l]);
            }
        }
    }

  verdict = fb_run_dup_verdict (run);
  g_string_append_printf (out, "\n%s\n", verdict);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The headers of a sweep's table, each padded to the width of the figures
 * below it, so that the English one reads as it always has. */
static void
append_sweep_header (GString *out)
{
  /* TRANSLATORS: the headers of a sweep's table: how many workers, the
   * ideal speedup, the speedups of processes and of threads, each followed
   * by its efficiency in parentheses */
  append_padded (out, _("Workers"), 7, TRUE);
  g_string_append (out, " ");
  append_padded (out, _("Ideal"), 7, TRUE);
  g_string_append (out, "   ");
  append_padded (out, _("Processes"), 9, TRUE);
  g_string_append (out, "  ");
  append_padded (out, _("(efficiency)"), 12, FALSE);
  g_string_append (out, " ");
  append_padded (out, _("Threads"), 9, TRUE);
  g_string_append (out, "  ");
  g_string_append (out, _("(efficiency)"));
  g_string_append_c (out, '\n');
}

static char *
format_sweep_text (FbRun *run)
{
  GPtrArray *reports = fb_run_get_reports (run);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *verdict = NULL;
  gboolean blank_line = TRUE;
  guint max_workers = 0;

  append_run_header (out, run);

  for (guint i = 0; i < reports->len; i++)
    max_workers = MAX (max_workers, ((FbReport *) g_ptr_array_index (reports, i))->workers);

  append_sweep_header (out);
  for (guint w = 1; w <= max_workers; w++)
    {
      FbReport *p = fb_run_get_report (run, FB_POOL_PROCESSES, w);
      FbReport *t = fb_run_get_report (run, FB_POOL_THREADS, w);
      /* Each column as wide as its header: 9, then 2 and 12 for the
       * efficiency; a mode that did not run shows a dash where its
       * speedup would be. */
      g_autofree char *pc = p ? g_strdup_printf ("%9.2f  (%.2f)      ", p->speedup, p->efficiency)
                              : g_strdup ("        —              ");
      g_autofree char *tc = t ? g_strdup_printf ("%9.2f  (%.2f)", t->speedup, t->efficiency)
                              : g_strdup ("        —");

      g_string_append_printf (out, "%7u %7.2f   %s %s\n", w, (double) w, pc, tc);
    }

  verdict = fb_run_dup_verdict (run);
  g_string_append_printf (out, "\n%s\n", verdict);

  /* What the speedups mean, once Amdahl's law is fitted to them. */
  for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
    {
      g_autofree char *amdahl = fb_run_dup_scaling (run, kind);

      if (amdahl == NULL)
        continue;

      if (blank_line)
        g_string_append_c (out, '\n');
      if (kind == FB_POOL_PROCESSES)
        /* TRANSLATORS: %s is what Amdahl's law makes of the processes' speedups */
        g_string_append_printf (out, _("Processes: %s"), amdahl);
      else
        /* TRANSLATORS: %s is what Amdahl's law makes of the threads' speedups */
        g_string_append_printf (out, _("Threads: %s"), amdahl);
      g_string_append_c (out, '\n');
      blank_line = FALSE;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A finished run as --format asks; with @results, a row per task. */
static char *
format_run (FbRun    *run,
            Format    format,
            gboolean  results)
{
  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonNode) root = fb_run_to_json (run, results ? FB_REPORT_JSON_RESULTS : FB_REPORT_JSON_DEFAULT);
      return fb_format_json (root);
    }
  if (format == FORMAT_CSV)
    return fb_run_to_csv (run, results);
  if (fb_run_is_sweep (run))
    return format_sweep_text (run);
  return format_run_text (run, results);
}

/* Running */

typedef struct
{
  FbRun        *run;
  GCancellable *cancellable;
  GError       *error;
  gboolean      done;
  gboolean      progress;
  gint64        last_draw;
  char         *step_label;
  guint         n_interrupts;
} Runner;

static gboolean
interrupt_cb (gpointer user_data)
{
  Runner *runner = user_data;

  /* The first Ctrl-C stops the run and keeps what finished; a second one,
   * for the impatient, leaves at once. */
  if (runner->n_interrupts++ > 0)
    {
      g_printerr ("\n");
      _exit (EXIT_INTERRUPTED);
    }

  g_cancellable_cancel (runner->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
step_started_cb (FbRun      *run,
                 FbPoolKind  kind,
                 guint       workers,
                 guint       step,
                 guint       n_steps,
                 Runner     *runner)
{
  g_free (runner->step_label);
  if (n_steps > 1)
    runner->step_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       /* TRANSLATORS: the progress of a step: the mode,
                                                        * “processes” or “threads”, which stays in English,
                                                        * how many workers, then which step of how many */
                                                       "%s, %u worker (%u/%u)",
                                                       "%s, %u workers (%u/%u)",
                                                       workers),
                                          fb_pool_kind_to_string (kind), workers, step + 1, n_steps);
  else
    /* TRANSLATORS: the progress of a run: the mode, “processes” or
     * “threads”, which stays in English, and how many workers */
    runner->step_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u worker", "%s, %u workers", workers),
                                          fb_pool_kind_to_string (kind), workers);
  runner->last_draw = 0;
}

static void
progress_cb (FbRun   *run,
             guint64  n_done,
             guint64  n_failed,
             guint64  n_total,
             Runner  *runner)
{
  gint64 now = g_get_monotonic_time ();
  const guint width = 24;
  guint filled;

  if (now - runner->last_draw < 100000 && n_done < n_total)
    return;
  runner->last_draw = now;

  filled = n_total > 0 ? (guint) (width * n_done / n_total) : 0;
  g_printerr ("\r\033[K%s [", runner->step_label ? runner->step_label : "");
  for (guint i = 0; i < width; i++)
    g_printerr ("%s", i < filled ? "█" : "·");
  g_printerr ("] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, n_done, n_total);
  if (n_failed > 0)
    {
      g_printerr (", ");
      /* TRANSLATORS: how many tasks failed so far, after the progress bar */
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%llu failed", "%llu failed", n_failed),
                  (unsigned long long) n_failed);
    }
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Runner *runner = user_data;

  fb_run_execute_finish (FB_RUN (object), result, &runner->error);
  runner->done = TRUE;
}

/* Runs @run to the end, or until Ctrl-C. Returns the exit status so far:
 * 0 when it ran, EXIT_INTERRUPTED, or EXIT_USAGE with a message printed. */
static int
execute (FbRun *run)
{
  Runner runner = { run, g_cancellable_new () };
  FbRunMonitor *monitor;
  guint sigint, sigterm;
  int status = EXIT_OK;

  /* Measures every core and the workers' memory for the reports. */
  monitor = fb_run_monitor_new (run, NULL);

  runner.progress = isatty (STDERR_FILENO);
  if (runner.progress)
    {
      g_signal_connect (run, "step-started", G_CALLBACK (step_started_cb), &runner);
      g_signal_connect (run, "progress", G_CALLBACK (progress_cb), &runner);
    }

  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &runner);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &runner);

  fb_run_execute_async (run, runner.cancellable, run_done_cb, &runner);
  while (!runner.done)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (runner.progress)
    g_printerr ("\r\033[K");

  /* A Ctrl-C that came as the last task finished still means the user
   * stopped the run: the run may have ended on its own meanwhile. */
  if (runner.n_interrupts > 0 || g_error_matches (runner.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("forkbench-cli: %s\n", _("interrupted; what finished follows"));
      status = EXIT_INTERRUPTED;
    }
  else if (runner.error != NULL)
    status = usage_error ("%s", runner.error->message);

  g_clear_error (&runner.error);
  g_clear_object (&runner.cancellable);
  g_clear_object (&monitor);
  g_free (runner.step_label);

  return status;
}

static int
exit_status_of (FbRun *run,
                int    status)
{
  GPtrArray *reports = fb_run_get_reports (run);

  if (status != EXIT_OK)
    return status;

  for (guint i = 0; i < reports->len; i++)
    if (((FbReport *) g_ptr_array_index (reports, i))->tasks_failed > 0)
      return EXIT_TASKS_FAILED;

  return EXIT_OK;
}

/* What an option that was not given holds: 0 is a value, and a wrong one. */
#define NOT_GIVEN G_MININT

static gboolean
apply_overrides (FbWorkload  *workload,
                 const char  *mode,
                 gint         workers,
                 gint64      tasks,
                 gint         chunksize,
                 GError     **error)
{
  if (mode != NULL)
    {
      FbRunMode m;

      if (!fb_run_mode_from_string (mode, &m))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* TRANSLATORS: the mode given; --mode and the modes stay in English */
                       _("--mode is “processes”, “threads” or “both”, not “%s”"), mode);
          return FALSE;
        }
      fb_workload_set_mode (workload, m);
    }

  if (workers != NOT_GIVEN)
    {
      if (workers < 1 || workers > FB_POOL_MAX_WORKERS)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* TRANSLATORS: the most workers allowed, and how many were given */
                       _("--workers is from 1 to %d, not %d"), FB_POOL_MAX_WORKERS, workers);
          return FALSE;
        }
      fb_workload_set_workers (workload, (guint) workers);
    }

  if (tasks != NOT_GIVEN)
    {
      if (tasks < 1 || tasks > FB_WORKLOAD_MAX_TASKS)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* TRANSLATORS: the most tasks allowed, and how many were given */
                       _("--tasks is from 1 to %d, not %lld"), FB_WORKLOAD_MAX_TASKS, (long long) tasks);
          return FALSE;
        }
      fb_workload_set_tasks (workload, (guint64) tasks);
    }

  if (chunksize != NOT_GIVEN)
    {
      if (chunksize < 1 || chunksize > FB_POOL_MAX_CHUNKSIZE)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* TRANSLATORS: the largest chunk size allowed, and the one given */
                       _("--chunksize is from 1 to %d, not %d"), FB_POOL_MAX_CHUNKSIZE, chunksize);
          return FALSE;
        }
      fb_workload_set_chunksize (workload, (guint) chunksize);
    }

  return fb_workload_validate (workload, error);
}

static int
cmd_run (int    argc,
         char **argv)
{
  g_autofree char *preset = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *format_str = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) positional = NULL;
  gint workers = NOT_GIVEN, chunksize = NOT_GIVEN;
  gint64 tasks = NOT_GIVEN;
  gboolean results = FALSE;
  const GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset, N_("Run a preset instead of a file"), N_("NAME") },
    /* TRANSLATORS: processes, threads and both are the values of --mode: do not translate them */
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode, N_("processes, threads or both (default: the workload's)"),
      N_("MODE") },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers, N_("How many workers"), N_("N") },
    { "tasks", 't', 0, G_OPTION_ARG_INT64, &tasks, N_("Run N tasks with inputs 0..N-1"), N_("N") },
    { "chunksize", 'c', 0, G_OPTION_ARG_INT, &chunksize, N_("How many tasks a worker takes at once"), N_("N") },
    /* TRANSLATORS: text, json and csv are the values of --format: do not translate them */
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str, N_("text, json or csv (default: text)"), N_("FORMAT") },
    { "results", 'r', 0, G_OPTION_ARG_NONE, &results, N_("Include every task's result"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &positional, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("run"), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  Format format;
  int status;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (!parse_format (format_str, &format, TRUE))
    /* TRANSLATORS: the format given; --format and the formats stay in English */
    return usage_error (_("--format is text, json or csv, not “%s”"), format_str);
  if (!(workload = load_workload (positional, preset, &error)))
    return usage_error ("%s", error->message);
  print_warnings (workload);
  if (!apply_overrides (workload, mode, workers, tasks, chunksize, &error))
    return usage_error ("%s", error->message);
  if (!check_output (output, &error))
    /* TRANSLATORS: a file's name, and why it could not be written */
    return usage_error (_("Could not write %s: %s"), output, error->message);

  run = fb_run_new (workload);
  status = execute (run);
  if (status == EXIT_USAGE)
    return status;

  text = format_run (run, format, results);

  if (!write_output (output, text, &error))
    /* TRANSLATORS: a file's name, and why it could not be written */
    return usage_error (_("Could not write %s: %s"), output, error->message);

  return exit_status_of (run, status);
}

static gboolean
parse_worker_range (const char *str,
                    guint      *max,
                    GError    **error)
{
  const char *dots = str ? strstr (str, "..") : NULL;
  g_autofree char *first = dots ? g_strndup (str, dots - str) : NULL;
  guint64 lo = 1, hi = 0;

  if (str == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           /* TRANSLATORS: translate N, not --workers */
                           _("a sweep needs --workers 1..N, such as --workers 1..4"));
      return FALSE;
    }

  if ((dots != NULL &&
       (!g_ascii_string_to_unsigned (first, 10, 1, 1, &lo, NULL) ||
        !g_ascii_string_to_unsigned (dots + 2, 10, 1, FB_POOL_MAX_WORKERS, &hi, NULL))) ||
      (dots == NULL && !g_ascii_string_to_unsigned (str, 10, 1, FB_POOL_MAX_WORKERS, &hi, NULL)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* TRANSLATORS: the most workers allowed, and what was given; translate
                    * N, not --workers */
                   _("--workers for a sweep is 1..N with N from 1 to %d, not “%s”"),
                   FB_POOL_MAX_WORKERS, str);
      return FALSE;
    }

  *max = (guint) hi;
  return TRUE;
}

static int
cmd_sweep (int    argc,
           char **argv)
{
  g_autofree char *preset = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *format_str = NULL;
  g_autofree char *workers_str = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) positional = NULL;
  const GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset, N_("Sweep a preset instead of a file"), N_("NAME") },
    { "workers", 'w', 0, G_OPTION_ARG_STRING, &workers_str, N_("Run at 1..N workers"), N_("1..N") },
    /* TRANSLATORS: processes, threads and both are the values of --mode: do not translate them */
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode, N_("processes, threads or both (default: the workload's)"),
      N_("MODE") },
    /* TRANSLATORS: text, json and csv are the values of --format: do not translate them */
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str, N_("text, json or csv (default: text)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &positional, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("sweep"), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  guint max_workers = 0;
  Format format;
  int status;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (!parse_format (format_str, &format, TRUE))
    /* TRANSLATORS: the format given; --format and the formats stay in English */
    return usage_error (_("--format is text, json or csv, not “%s”"), format_str);
  if (!parse_worker_range (workers_str, &max_workers, &error))
    return usage_error ("%s", error->message);
  if (!(workload = load_workload (positional, preset, &error)))
    return usage_error ("%s", error->message);
  print_warnings (workload);
  if (!apply_overrides (workload, mode, NOT_GIVEN, NOT_GIVEN, NOT_GIVEN, &error))
    return usage_error ("%s", error->message);
  if (!check_output (output, &error))
    /* TRANSLATORS: a file's name, and why it could not be written */
    return usage_error (_("Could not write %s: %s"), output, error->message);

  run = fb_run_new_sweep (workload, max_workers);
  status = execute (run);
  if (status == EXIT_USAGE)
    return status;

  text = format_run (run, format, FALSE);

  if (!write_output (output, text, &error))
    /* TRANSLATORS: a file's name, and why it could not be written */
    return usage_error (_("Could not write %s: %s"), output, error->message);

  return exit_status_of (run, status);
}

static int
cmd_presets (int    argc,
             char **argv)
{
  g_autofree char *format_str = NULL;
  const GOptionEntry entries[] = {
    /* TRANSLATORS: text and json are the values of --format: do not translate them */
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str, N_("text or json (default: text)"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("presets"), entries);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = fb_workload_list_presets ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Format format;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    /* TRANSLATORS: “presets” is a command: do not translate it */
    return usage_error (_("“presets” takes no arguments"));
  if (!parse_format (format_str, &format, FALSE))
    /* TRANSLATORS: the format given; --format and the formats stay in English */
    return usage_error (_("--format is text or json, not “%s”"), format_str);

  json_builder_begin_array (builder);
  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(FbWorkload) workload = fb_workload_new_from_preset (ids[i], &error);

      /* The presets are tested; one that does not load is a bug, said loudly. */
      if (workload == NULL)
        return usage_error ("%s", error->message);

      if (format == FORMAT_TEXT)
        g_string_append_printf (out, "%-28s %s\n%28s %s\n\n", ids[i], fb_workload_get_name (workload), "",
                                fb_workload_get_description (workload));
      else
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, ids[i]);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, fb_workload_get_name (workload));
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, fb_workload_get_description (workload));
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = fb_format_json (root);
      fputs (text, stdout);
    }
  else
    fputs (out->str, stdout);

  return EXIT_OK;
}

static int
cmd_kernels (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = make_context (find_command ("kernels"), NULL);
  g_autoptr(GError) error = NULL;
  const FbKernelInfo **kernels;
  guint n;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    /* TRANSLATORS: “kernels” is a command: do not translate it */
    return usage_error (_("“kernels” takes no arguments"));

  kernels = fb_kernel_list (&n);
  for (guint i = 0; i < n; i++)
    {
      const FbParamSpec *params;
      guint n_params;
      /* TRANSLATORS: what a kernel does, and what its tasks return, such as "the count" */
      g_autofree char *summary = g_strdup_printf (_("%s (result: %s)"), fb_kernel_info_get_summary (kernels[i]),
                                                  fb_kernel_info_get_result (kernels[i]));

      g_print ("%-13s %s\n", fb_kernel_info_get_name (kernels[i]), summary);

      params = fb_kernel_info_get_params (kernels[i], &n_params);
      for (guint j = 0; j < n_params; j++)
        {
          const FbParamSpec *p = &params[j];
          g_autofree char *range = NULL;

          if (p->type == FB_PARAM_INT && p->unit != NULL)
            /* TRANSLATORS: the smallest and largest values of a parameter, their
             * unit, such as "ms", and the value it has when not given */
            range = g_strdup_printf (_("%lld..%lld %s, default %lld"), (long long) p->min, (long long) p->max,
                                     _(p->unit), (long long) p->default_value);
          else if (p->type == FB_PARAM_INT)
            /* TRANSLATORS: the smallest and largest values of a parameter, and
             * the value it has when not given */
            range = g_strdup_printf (_("%lld..%lld, default %lld"), (long long) p->min, (long long) p->max,
                                     (long long) p->default_value);
          else if (p->type == FB_PARAM_CHOICE)
            {
              g_autofree char *choices = g_strjoinv (", ", (char **) p->choices);

              /* TRANSLATORS: the values a parameter takes, separated by commas,
               * and the one it has when not given; they stay in English */
              range = g_strdup_printf (_("%s; default %s"), choices, p->choices[p->default_value]);
            }
          else if (p->type == FB_PARAM_STRING && p->required)
            range = g_strdup (_("a string, required"));
          else if (p->type == FB_PARAM_STRING)
            range = g_strdup (_("a string"));
          else if (p->type == FB_PARAM_STRV && p->required)
            /* TRANSLATORS: the fewest and most strings a parameter's list holds */
            range = g_strdup_printf (_("a list of %lld..%lld strings, required"),
                                     (long long) p->min, (long long) p->max);
          else if (p->type == FB_PARAM_STRV)
            /* TRANSLATORS: the fewest and most strings a parameter's list holds */
            range = g_strdup_printf (_("a list of %lld..%lld strings"), (long long) p->min, (long long) p->max);
          else if (p->required)
            /* TRANSLATORS: the fewest and most numbers a parameter's list holds */
            range = g_strdup_printf (_("a list of %lld..%lld numbers, required"),
                                     (long long) p->min, (long long) p->max);
          else
            /* TRANSLATORS: the fewest and most numbers a parameter's list holds */
            range = g_strdup_printf (_("a list of %lld..%lld numbers"), (long long) p->min, (long long) p->max);

          g_print ("  %-11s %s (%s)\n", p->name, _(p->description), range);
        }
    }

  return EXIT_OK;
}

static int
cmd_validate (int    argc,
              char **argv)
{
  g_auto(GStrv) positional = NULL;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &positional, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("validate"), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *workers = NULL;
  g_autoptr(FbPythonInfo) python = NULL;
  guint64 n_tasks;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (positional == NULL || positional[0] == NULL)
    return usage_error (_("give the workload file to check (presets are checked already)"));
  if (!(workload = load_workload (positional, NULL, &error)))
    return usage_error ("%s", error->message);

  print_warnings (workload);

  /* A Python file is checked as a run checks it: it compiles, imports and
   * has the function, and the interpreter is there. */
  if (g_strcmp0 (fb_workload_get_kernel (workload), "python") == 0)
    {
      g_autoptr(FbCall) call = NULL;

      if (!(call = fb_workload_make_call (workload, &error)) ||
          !(python = fb_python_check (call, &error)))
        return usage_error ("%s: %s", positional[0], error->message);
    }

  n_tasks = fb_workload_get_n_tasks (workload);
  /* TRANSLATORS: how many tasks, and the name of the kernel they run, such as
   * "square"; part of "FILE: a valid workload: “NAME”, 8 tasks of square on
   * 4 workers, both" */
  tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu task of %s", "%llu tasks of %s", n_tasks),
                           (unsigned long long) n_tasks, fb_workload_get_kernel (workload));
  /* TRANSLATORS: part of "FILE: a valid workload: “NAME”, 8 tasks of square
   * on 4 workers, both" */
  workers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers",
                                          fb_workload_get_workers (workload)),
                             fb_workload_get_workers (workload));
  /* TRANSLATORS: the file's name, the workload's name, how many tasks of which
   * kernel, such as "8 tasks of square", how many workers, such as "4 workers",
   * and the mode, “processes”, “threads” or “both”, which stays in English */
  g_print (_("%s: a valid workload: “%s”, %s on %s, %s"),
           positional[0], fb_workload_get_name (workload), tasks, workers,
           fb_run_mode_to_string (fb_workload_get_mode (workload)));
  g_print ("\n");
  if (python != NULL)
    {
      g_autofree char *description = fb_python_info_describe (python);

      g_print ("%s\n", description);
    }

  return EXIT_OK;
}

/* monitor */

typedef struct
{
  Format    format;
  gboolean  tty;
  guint     lines_drawn;
  gint64    end_us;
  gboolean  done;
  gboolean  interrupted;
} Monitor;

static void
draw_bar (GString *out,
          double   busy,
          guint    width)
{
  guint filled = (guint) round (CLAMP (busy, 0, 1) * width);

  for (guint i = 0; i < width; i++)
    g_string_append (out, i < filled ? "█" : "·");
}

static void
monitor_sample_cb (FbCpuSampler *sampler,
                   FbCpuSample  *sample,
                   Monitor      *m)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (m->format == FORMAT_JSON)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      /* JSON numbers have a dot, whatever the locale's decimal mark. */
      g_string_append_printf (out, "{\"t\": %s, \"total\": ", g_ascii_formatd (buf, sizeof buf, "%.3f", sample->t));
      if (fb_cpu_load_is_known (&sample->total))
        g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.4f", sample->total.busy));
      else
        g_string_append (out, "null");
      g_string_append (out, ", \"cores\": [");
      for (guint i = 0; i < sample->n_cores; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          if (fb_cpu_load_is_known (&sample->cores[i]))
            g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.4f", sample->cores[i].busy));
          else
            g_string_append (out, "null");
        }
      g_string_append (out, "]}\n");
    }
  else if (m->tty)
    {
      /* Redraw the bars in place. */
      if (m->lines_drawn > 0)
        g_string_append_printf (out, "\033[%uA", m->lines_drawn);
      g_string_append (out, "\r\033[K");
      /* TRANSLATORS: seconds since the monitor started, 7 characters wide */
      g_string_append_printf (out, _("%7.1f s"), sample->t);
      g_string_append (out, "  ");
      /* TRANSLATORS: the label of the bar of all cores together; it fits in 6 characters */
      append_padded (out, _("all"), 6, FALSE);
      draw_bar (out, sample->total.busy, 30);
      g_string_append_printf (out, " %3.0f%%\n", MAX (sample->total.busy, 0) * 100);
      for (guint i = 0; i < sample->n_cores; i++)
        {
          /* TRANSLATORS: the label of a core's bar, such as "cpu3"; it fits in 6 characters */
          g_autofree char *label = g_strdup_printf (_("cpu%u"), i);

          g_string_append (out, "\r\033[K           ");
          append_padded (out, label, 6, FALSE);
          draw_bar (out, sample->cores[i].busy, 30);
          if (fb_cpu_load_is_known (&sample->cores[i]))
            g_string_append_printf (out, " %3.0f%%\n", sample->cores[i].busy * 100);
          else
            g_string_append (out, "   —\n");
        }
      m->lines_drawn = sample->n_cores + 1;
    }
  else
    {
      /* TRANSLATORS: seconds since the monitor started, and how busy all
       * cores were together; each core's percentage follows */
      g_string_append_printf (out, _("%.1f s: all %3.0f%%"), sample->t, MAX (sample->total.busy, 0) * 100);
      g_string_append (out, " |");
      for (guint i = 0; i < sample->n_cores; i++)
        {
          if (fb_cpu_load_is_known (&sample->cores[i]))
            g_string_append_printf (out, " %3.0f%%", sample->cores[i].busy * 100);
          else
            g_string_append (out, "    —");
        }
      g_string_append_c (out, '\n');
    }

  fputs (out->str, stdout);

  /* A full disk ends the monitor: main() says why. */
  if (fflush (stdout) != 0 || ferror (stdout))
    m->done = TRUE;
  if (m->end_us > 0 && sample->time_us >= m->end_us)
    m->done = TRUE;
}

static gboolean
monitor_interrupt_cb (gpointer user_data)
{
  Monitor *m = user_data;

  m->interrupted = TRUE;
  m->done = TRUE;
  return G_SOURCE_CONTINUE;
}

static int
cmd_monitor (int    argc,
             char **argv)
{
  g_autofree char *format_str = NULL;
  double duration = 0;
  gint interval = FB_CPU_SAMPLER_DEFAULT_INTERVAL;
  const GOptionEntry entries[] = {
    /* TRANSLATORS: S stands for a number of seconds */
    { "duration", 'd', 0, G_OPTION_ARG_DOUBLE, &duration, N_("Stop after S seconds (default: at Ctrl-C)"), N_("S") },
    /* TRANSLATORS: MS stands for a number of milliseconds */
    { "interval", 'i', 0, G_OPTION_ARG_INT, &interval, N_("Milliseconds between samples, 100 to 5000 (default: 500)"),
      N_("MS") },
    /* TRANSLATORS: text and json are the values of --format: do not translate them */
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str, N_("text or json: one object per line (default: text)"),
      N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (find_command ("monitor"), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCpuSampler) sampler = NULL;
  Monitor m = { 0 };
  guint sigint, sigterm;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    /* TRANSLATORS: “monitor” is a command: do not translate it */
    return usage_error (_("“monitor” takes no arguments"));
  if (!parse_format (format_str, &m.format, FALSE))
    /* TRANSLATORS: the format given; --format and the formats stay in English */
    return usage_error (_("--format is text or json, not “%s”"), format_str);
  if (interval < FB_CPU_SAMPLER_MIN_INTERVAL || interval > FB_CPU_SAMPLER_MAX_INTERVAL)
    /* TRANSLATORS: the shortest and longest intervals allowed, and the one given */
    return usage_error (_("--interval is from %d to %d ms, not %d"),
                        FB_CPU_SAMPLER_MIN_INTERVAL, FB_CPU_SAMPLER_MAX_INTERVAL, interval);
  if (!(duration >= 0 && duration <= 7 * 24 * 3600))
    return usage_error (_("--duration is from 0 (until Ctrl-C) to a week, in seconds"));

  m.tty = isatty (STDOUT_FILENO) && m.format == FORMAT_TEXT;

  sampler = fb_cpu_sampler_new ();
  fb_cpu_sampler_set_interval (sampler, (guint) interval);
  g_signal_connect (sampler, "sample", G_CALLBACK (monitor_sample_cb), &m);

  sigint = g_unix_signal_add (SIGINT, monitor_interrupt_cb, &m);
  sigterm = g_unix_signal_add (SIGTERM, monitor_interrupt_cb, &m);

  fb_cpu_sampler_start (sampler);
  if (duration > 0)
    m.end_us = g_get_monotonic_time () + (gint64) (duration * G_USEC_PER_SEC) - interval * 500;

  while (!m.done)
    g_main_context_iteration (NULL, TRUE);

  fb_cpu_sampler_stop (sampler);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  /* Ctrl-C is how a monitor without a duration ends; with one, it cuts it short. */
  return m.interrupted && duration > 0 ? EXIT_INTERRUPTED : EXIT_OK;
}

static void
print_usage (FILE *stream)
{
  /* TRANSLATORS: translate COMMAND and OPTION, not forkbench-cli */
  fprintf (stream, "%s\n\n", _("Usage: forkbench-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n\n", _("Run workloads through a process pool and a thread pool, and compare them."));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fputc ('\n', stream);
  /* TRANSLATORS: translate COMMAND, not forkbench-cli or --help */
  fprintf (stream, "%s\n", _("“forkbench-cli COMMAND --help” describes a command's options."));
  fprintf (stream, "%s\n", _("Exit status: 0 every task succeeded, 1 some tasks failed, "
                              "2 bad input or usage, 130 interrupted."));
}

int
main (int   argc,
      char *argv[])
{
  const Command *command;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("forkbench-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("forkbench-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (!(command = find_command (argv[1])))
    {
      /* TRANSLATORS: the command given */
      usage_error (_("there is no command “%s”"), argv[1]);
      print_usage (stderr);
      return EXIT_USAGE;
    }

  status = command->run (argc - 1, argv + 1);

  /* Output that did not reach its reader (a full disk) is not a success. */
  errno = 0;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      /* An error of an earlier write has left no errno behind. */
      if (errno != 0)
        /* TRANSLATORS: why the output could not be written, such as "No space left on device" */
        usage_error (_("could not write to standard output: %s"), g_strerror (errno));
      else
        usage_error (_("could not write to standard output"));
      if (status == EXIT_OK || status == EXIT_TASKS_FAILED)
        status = EXIT_USAGE;
    }

  return status;
}
