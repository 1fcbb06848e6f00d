namespace ConfluentPartner.Session
{
    /// <summary>Work a cmdlet owns (a bulk runner) that must end when the cmdlet's pipeline ends.</summary>
    internal interface IStoppable
    {
        /// <summary>From any thread (Ctrl+C): no new request starts; the pipeline thread winds the rest down.</summary>
        void StopStarting();

        /// <summary>On the pipeline thread, once: no new request starts, requests in flight are awaited briefly and then
        /// cancelled, and every row started but not reported is named with what is known about it.</summary>
        void Abandon(string why);
    }
}
