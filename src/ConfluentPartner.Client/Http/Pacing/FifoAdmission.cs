using System.Collections.Generic;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Http.Pacing
{
    /// <summary>
    /// Callers waiting for a slot, longest waiter first. Not thread-safe: the owner holds its lock around every call.
    /// A waiter is given its slot with the request's sequence number, or -1 when the pacer halted.
    /// </summary>
    internal sealed class FifoAdmission
    {
        private readonly Queue<TaskCompletionSource<long>> _waiters = new Queue<TaskCompletionSource<long>>();

        public int Count => _waiters.Count;

        public bool IsEmpty => _waiters.Count == 0;

        /// <summary>Joins the end of the queue.</summary>
        public TaskCompletionSource<long> Enqueue()
        {
            // Completed by the thread that frees a slot, synchronously and in queue order: continuations queued to the
            // thread pool would run last-in first-out and send the rows in reverse.
            var waiter = new TaskCompletionSource<long>();
            _waiters.Enqueue(waiter);
            return waiter;
        }

        /// <summary>The longest waiter that still waits; cancelled ones are dropped on the way and take no slot.</summary>
        public bool TryDequeue(out TaskCompletionSource<long> waiter)
        {
            while (_waiters.Count > 0)
            {
                waiter = _waiters.Dequeue();
                if (!waiter.Task.IsCompleted) return true;
            }
            waiter = null!;
            return false;
        }

        /// <summary>Everyone still waiting, in order; the queue is empty afterwards.</summary>
        public TaskCompletionSource<long>[] DrainAll()
        {
            var all = _waiters.ToArray();
            _waiters.Clear();
            return all;
        }
    }
}
