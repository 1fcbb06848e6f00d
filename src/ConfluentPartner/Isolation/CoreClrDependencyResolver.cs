using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace ConfluentPartner.Isolation
{
    /// <summary>
    /// PowerShell 7: the engine, and through it every dependency, loads into one private <see cref="AssemblyLoadContext"/>.
    /// <para>
    /// Why the System.Runtime.Loader 4.3.0 reference package rather than a separate loader assembly: this assembly
    /// must stay netstandard2.0 so Windows PowerShell 5.1 loads the same file, and netstandard2.0 has no
    /// AssemblyLoadContext. The package supplies the type at compile time only (nothing is shipped); on .NET the
    /// reference binds to the runtime's own System.Runtime.Loader. On .NET Framework that assembly does not
    /// exist, so nothing here may be JIT-compiled there: only this class names AssemblyLoadContext, and
    /// <see cref="DependencyIsolation"/> calls it (NoInlining) after checking the runtime. A loader assembly of its
    /// own would need a netcoreapp target (its own targeting pack) and a reflection call for the same effect. The one
    /// cost: on .NET Framework, Assembly.GetTypes() over this assembly cannot load the internal
    /// <see cref="ModuleLoadContext"/>; PowerShell only enumerates exported types, and reflection tools catch
    /// ReflectionTypeLoadException.
    /// </para>
    /// </summary>
    internal static class CoreClrDependencyResolver
    {
        private static ModuleLoadContext? _context;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Register(string dependencyDirectory)
        {
            _context ??= new ModuleLoadContext(dependencyDirectory);
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Unregister() => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

        /// <summary>
        /// Asked by the default context only for names it could not find. We answer for the engine alone; the
        /// engine's own references are then resolved by <see cref="ModuleLoadContext"/>, never by the default context.
        /// </summary>
        private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            if (!string.Equals(name.Name, DependencyIsolation.EngineAssemblyName, StringComparison.OrdinalIgnoreCase)) return null;
            // Without the file, our context would fall back to the default one, which would ask us again: endless
            // recursion and a crashed session. Without it there is nothing to give; PowerShell reports the missing file.
            var context = _context;
            if (context == null || DependencyIsolation.FileFor(context.Directory, name) == null) return null;
            return context.LoadFromAssemblyName(name);
        }
    }

    /// <summary>
    /// The module's private load context: an assembly we ship in Dependencies/ loads from there, so the
    /// session's other versions of it (in the default context or elsewhere) are never seen by the engine.
    /// The exception are the netstandard2.0 back-ports of types .NET has built in (Span, ValueTask, ...): those
    /// come from the runtime, so the engine's Span is the runtime's Span. Everything we do not ship
    /// (netstandard, System.Runtime, ...) falls back to the default context as usual.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        /// <summary>
        /// Packages that exist only to bring .NET's built-in types to .NET Framework; on .NET their assemblies are
        /// facades over the runtime. Loading our copies privately would create second, incompatible Span/ValueTask types.
        /// </summary>
        private static readonly HashSet<string> RuntimeOwned = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Buffers",
            "System.Memory",
            "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe",
            "System.Threading.Tasks.Extensions",
            "System.ComponentModel.Annotations",
            "System.ValueTuple",
        };

        public ModuleLoadContext(string directory)
        {
            Directory = directory;
        }

        public string Directory { get; }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name != null && RuntimeOwned.Contains(assemblyName.Name)) return null;
            var path = DependencyIsolation.FileFor(Directory, assemblyName);
            return path == null ? null : LoadFromAssemblyPath(path);
        }
    }
}
