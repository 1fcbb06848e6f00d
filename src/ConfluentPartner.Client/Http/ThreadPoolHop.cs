using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace ConfluentPartner.Client.Http
{
    /// <summary>
    /// <c>await ThreadPoolHop.Instance</c> continues on a pool thread, always (unlike <c>Task.Yield</c>, which would post to
    /// a host's synchronization context, and unlike awaiting a finished task, which continues on the spot).
    /// </summary>
    internal readonly struct ThreadPoolHop : INotifyCompletion
    {
        public static ThreadPoolHop Instance => default;

        public ThreadPoolHop GetAwaiter() => this;
        public bool IsCompleted => false;
        public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(static c => ((Action)c!)(), continuation);
        public void GetResult() { }
    }
}
