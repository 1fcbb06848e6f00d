namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>Samples the managed heap and the process working set on a background thread and keeps the peaks.</summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly TimeSpan _interval;
    private volatile bool _stop;
    private long _peakManaged, _peakWorkingSet;

    public MemorySampler(TimeSpan interval)
    {
        _interval = interval;
        _thread = new Thread(Loop) { IsBackground = true, Name = "memory sampler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);
    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);

    /// <summary>Heap and working set after a full, compacting collection: the level growth is measured from.</summary>
    public static (long Managed, long WorkingSet) Settled()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
    }

    private void Loop()
    {
        while (!_stop)
        {
            Sample();
            Thread.Sleep(_interval);
        }
        Sample();
    }

    private void Sample()
    {
        Max(ref _peakManaged, GC.GetTotalMemory(forceFullCollection: false));
        Max(ref _peakWorkingSet, Environment.WorkingSet);
    }

    private static void Max(ref long peak, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, current) != current) { }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
