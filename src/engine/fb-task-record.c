/* fb-task-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-task-record"

#include "config.h"

#include "fb-task-record-private.h"

#include <sys/mman.h>
#include <unistd.h>

/* What few tasks have, kept beside their records. */
typedef struct
{
  char   *output;
  GError *error;
  char   *value_json;
  char   *traceback;
} FbRecordDetails;

/* The records of a unit are allocated together, and share one reference
 * count: a chunk of ten thousand tasks is one allocation, not ten thousand.
 * Holding any record of a block keeps the whole block. A record made on
 * its own is a block of one. A record finds its block from its position
 * in it, which takes 4 bytes where a pointer would take 8. */
typedef struct
{
  gatomicrefcount  ref_count;
  guint            n_max;
  /* The size of the block's own mapping, or 0 if it came from malloc. */
  gsize            mapped;
  /* The details of each record, NULL until one of them has some: set
   * once, atomically, as the records of a block can be filled from more
   * than one thread (a worker thread, and the pool when it fails a task). */
  FbRecordDetails **details;
  FbTaskRecord     records[];
} FbRecordBlock;

/* From this size on, a block is mapped on its own and its pages are all
 * populated in one call. A run keeps its records: two million tasks are
 * 160 MB of them, and taking that memory a 4 KiB page fault at a time
 * costs the pool's thread more than all else it does for those tasks. */
#define MAPPED_BLOCK_MIN (64 * 1024)

static gint n_mapped_blocks;

static FbRecordBlock *
block_map (gsize size)
{
  gsize page_size = (gsize) sysconf (_SC_PAGESIZE);
  FbRecordBlock *block;

  size = (size + page_size - 1) & ~(page_size - 1);
  block = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED)
    return NULL;

#ifdef MADV_POPULATE_WRITE
  /* Where the kernel cannot, the pages are taken as they are touched. */
  madvise (block, size, MADV_POPULATE_WRITE);
#endif
  block->mapped = size;
  g_atomic_int_inc (&n_mapped_blocks);
  return block;
}

static void
block_free_memory (FbRecordBlock *block)
{
  if (block->mapped > 0)
    {
      g_atomic_int_add (&n_mapped_blocks, -1);
      munmap (block, block->mapped);
    }
  else
    {
      g_free (block);
    }
}

/*
 * fb_task_record_get_n_mapped_blocks:
 *
 * Returns: how many blocks of records are mapped on their own now
 */
guint
fb_task_record_get_n_mapped_blocks (void)
{
  return (guint) g_atomic_int_get (&n_mapped_blocks);
}

G_DEFINE_BOXED_TYPE (FbTaskRecord, fb_task_record, fb_task_record_ref, fb_task_record_unref)

/**
 * fb_task_record_new:
 *
 * Returns: (transfer full): a pending record, queued now
 */
FbTaskRecord *
fb_task_record_new (guint64 index,
                    gint64  input)
{
  FbTaskRecord *self = fb_task_record_block_new (1);

  fb_task_record_block_init (self, 0, index, input, g_get_monotonic_time ());
  fb_task_record_block_finish (self, 1);

  return self;
}

/*
 * fb_task_record_block_new:
 *
 * Returns: room for up to @n_max records in one block, zeroed, to be set up
 *   with fb_task_record_block_init() and fb_task_record_block_finish()
 */
FbTaskRecord *
fb_task_record_block_new (guint n_max)
{
  /* Zeroed at once: a large block comes straight from the kernel, zeroed
   * already, and a small one in one memset rather than one per record. */
  gsize size = sizeof (FbRecordBlock) + n_max * sizeof (FbTaskRecord);
  FbRecordBlock *block = NULL;

  if (size >= MAPPED_BLOCK_MIN)
    block = block_map (size);
  if (block == NULL)
    block = g_malloc0 (size);
  block->n_max = n_max;

  return block->records;
}

static inline FbRecordBlock *
block_of (FbTaskRecord *records)
{
  return (FbRecordBlock *) ((guint8 *) records - G_STRUCT_OFFSET (FbRecordBlock, records));
}

static inline FbRecordBlock *
block_of_record (const FbTaskRecord *self)
{
  return block_of ((FbTaskRecord *) self - self->block_pos);
}

void
fb_task_record_block_init (FbTaskRecord *records,
                           guint         i,
                           guint64       index,
                           gint64        input,
                           gint64        queued_us)
{
  FbTaskRecord *self = &records[i];

  self->index = index;
  self->input = input;
  self->cpu = -1;
  self->queued_us = queued_us;
  self->block_pos = i;
}

/*
 * fb_task_record_block_finish:
 *
 * The caller holds one reference to each of the @n_used records it set up;
 * with none, the block is freed.
 */
void
fb_task_record_block_finish (FbTaskRecord *records,
                             guint         n_used)
{
  FbRecordBlock *block = block_of (records);

  if (n_used == 0)
    block_free_memory (block);
  else
    g_atomic_int_set (&block->ref_count, (gint) n_used);
}

FbTaskRecord *
fb_task_record_ref (FbTaskRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* A map keeps every record it delivers: g_atomic_int_inc() is inlined,
   * where g_atomic_ref_count_inc() is a call. */
  g_atomic_int_inc ((gint *) &block_of_record (self)->ref_count);
  return self;
}

static void
details_free (FbRecordDetails *details)
{
  g_free (details->output);
  g_clear_error (&details->error);
  g_free (details->value_json);
  g_free (details->traceback);
  g_free (details);
}

static void
block_free (FbRecordBlock *block)
{
  if (block->details != NULL)
    {
      for (guint i = 0; i < block->n_max; i++)
        if (block->details[i] != NULL)
          details_free (block->details[i]);
      g_free (block->details);
    }
  block_free_memory (block);
}

/*
 * fb_task_record_release:
 *
 * Drops @n_refs references to @record at once: a unit holds one to each of
 * its records, which all belong to the same block.
 */
void
fb_task_record_release (FbTaskRecord *record,
                        guint         n_refs)
{
  FbRecordBlock *block = block_of_record (record);

  if (g_atomic_int_add (&block->ref_count, -(gint) n_refs) == (gint) n_refs)
    block_free (block);
}

void
fb_task_record_unref (FbTaskRecord *self)
{
  g_return_if_fail (self != NULL);

  fb_task_record_release (self, 1);
}

/**
 * fb_task_record_get_wait_us:
 *
 * Returns: how long the task waited between entering the pool and starting
 *   (its dispatch latency), or -1 if it never started
 */
gint64
fb_task_record_get_wait_us (const FbTaskRecord *self)
{
  g_return_val_if_fail (self != NULL, -1);

  if (self->started_us == 0)
    return -1;

  return MAX (0, self->started_us - self->queued_us);
}

/**
 * fb_task_record_get_run_us:
 *
 * Returns: how long the task ran, or -1 if it did not finish
 */
gint64
fb_task_record_get_run_us (const FbTaskRecord *self)
{
  g_return_val_if_fail (self != NULL, -1);

  if (self->started_us == 0 || self->finished_us == 0)
    return -1;

  return MAX (0, self->finished_us - self->started_us);
}

static const FbRecordDetails *
details_of (const FbTaskRecord *self)
{
  FbRecordDetails **details = g_atomic_pointer_get (&block_of_record (self)->details);

  return details != NULL ? details[self->block_pos] : NULL;
}

static FbRecordDetails *
ensure_details (FbTaskRecord *self)
{
  FbRecordBlock *block = block_of_record (self);
  FbRecordDetails **details = g_atomic_pointer_get (&block->details);

  if (details == NULL)
    {
      FbRecordDetails **mine = g_new0 (FbRecordDetails *, block->n_max);

      if (g_atomic_pointer_compare_and_exchange (&block->details, NULL, mine))
        details = mine;
      else
        {
          g_free (mine);
          details = g_atomic_pointer_get (&block->details);
        }
    }

  if (details[self->block_pos] == NULL)
    details[self->block_pos] = g_new0 (FbRecordDetails, 1);
  return details[self->block_pos];
}

/**
 * fb_task_record_get_output:
 *
 * Returns: (nullable): what the task printed
 */
const char *
fb_task_record_get_output (const FbTaskRecord *self)
{
  const FbRecordDetails *details;

  g_return_val_if_fail (self != NULL, NULL);

  details = details_of (self);
  return details != NULL ? details->output : NULL;
}

/**
 * fb_task_record_get_error:
 *
 * Returns: (nullable): why the task failed, when its status is
 *   %FB_TASK_FAILED
 */
const GError *
fb_task_record_get_error (const FbTaskRecord *self)
{
  const FbRecordDetails *details;

  g_return_val_if_fail (self != NULL, NULL);

  details = details_of (self);
  return details != NULL ? details->error : NULL;
}

/**
 * fb_task_record_get_value_json:
 *
 * Returns: (nullable): the result as JSON, when it is not a whole number
 *   (the python kernel's functions return any value); the record's value is
 *   then 0, or 1 for true
 */
const char *
fb_task_record_get_value_json (const FbTaskRecord *self)
{
  const FbRecordDetails *details;

  g_return_val_if_fail (self != NULL, NULL);

  details = details_of (self);
  return details != NULL ? details->value_json : NULL;
}

/**
 * fb_task_record_get_traceback:
 *
 * Returns: (nullable): the Python traceback of a task that raised an
 *   exception; its error holds the last line
 */
const char *
fb_task_record_get_traceback (const FbTaskRecord *self)
{
  const FbRecordDetails *details;

  g_return_val_if_fail (self != NULL, NULL);

  details = details_of (self);
  return details != NULL ? details->traceback : NULL;
}

/**
 * fb_task_record_take_output:
 * @output: (transfer full) (nullable): what the task printed
 */
void
fb_task_record_take_output (FbTaskRecord *self,
                            char         *output)
{
  FbRecordDetails *details;

  g_return_if_fail (self != NULL);

  if (output == NULL && details_of (self) == NULL)
    return;
  details = ensure_details (self);
  g_free (details->output);
  details->output = output;
}

/**
 * fb_task_record_take_error:
 * @error: (transfer full) (nullable): why the task failed
 */
void
fb_task_record_take_error (FbTaskRecord *self,
                           GError       *error)
{
  FbRecordDetails *details;

  g_return_if_fail (self != NULL);

  if (error == NULL && details_of (self) == NULL)
    return;
  details = ensure_details (self);
  g_clear_error (&details->error);
  details->error = error;
}

/**
 * fb_task_record_take_value_json:
 * @value_json: (transfer full) (nullable): the result as JSON
 */
void
fb_task_record_take_value_json (FbTaskRecord *self,
                                char         *value_json)
{
  FbRecordDetails *details;

  g_return_if_fail (self != NULL);

  if (value_json == NULL && details_of (self) == NULL)
    return;
  details = ensure_details (self);
  g_free (details->value_json);
  details->value_json = value_json;
}

/**
 * fb_task_record_take_traceback:
 * @traceback: (transfer full) (nullable): the task's Python traceback
 */
void
fb_task_record_take_traceback (FbTaskRecord *self,
                               char         *traceback)
{
  FbRecordDetails *details;

  g_return_if_fail (self != NULL);

  if (traceback == NULL && details_of (self) == NULL)
    return;
  details = ensure_details (self);
  g_free (details->traceback);
  details->traceback = traceback;
}
