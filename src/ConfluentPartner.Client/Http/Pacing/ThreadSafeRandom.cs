using System;

namespace ConfluentPartner.Client.Http
{
    /// <summary>Jitter for retry delays: one <see cref="Random"/> per thread, each seeded differently.</summary>
    internal static class ThreadSafeRandom
    {
        [ThreadStatic] private static Random? _random;

        private static Random Current => _random ??= new Random(Guid.NewGuid().GetHashCode());

        public static int Next(int maxExclusive) => Current.Next(maxExclusive);

        public static double NextDouble() => Current.NextDouble();
    }
}
