using System;
using System.Reflection;

namespace VmemmapPS;

/// <summary>
/// A private System.Runtime.Loader.AssemblyLoadContext reached by reflection, because the module targets
/// netstandard2.0 (which has no such type) yet runs on pwsh 7 (.NET) where the type exists.
/// </summary>
internal sealed class AssemblyLoadContextProxy
{
    private readonly object _context;
    private readonly MethodInfo _loadFromAssemblyPath;

    private AssemblyLoadContextProxy(object context, MethodInfo loadFromAssemblyPath)
    {
        _context = context;
        _loadFromAssemblyPath = loadFromAssemblyPath;
    }

    /// <summary>Null on .NET Framework (Windows PowerShell 5.1).</summary>
    public static AssemblyLoadContextProxy? TryCreate(string name)
    {
        Type? alcType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
        ConstructorInfo? ctor = alcType?.GetConstructor(new[] { typeof(string), typeof(bool) });
        MethodInfo? load = alcType?.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
        if (ctor is null || load is null)
        {
            return null;
        }

        return new AssemblyLoadContextProxy(ctor.Invoke(new object[] { name, false }), load);
    }

    public Assembly LoadFromAssemblyPath(string path) => (Assembly)_loadFromAssemblyPath.Invoke(_context, new object[] { path });
}
