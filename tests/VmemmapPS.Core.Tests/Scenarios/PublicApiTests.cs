using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>YamlDotNet is isolated in the module's dependencies folder, so no scenario type may expose it.</summary>
public class PublicApiTests
{
    [Fact]
    public void NoPublicScenarioMemberMentionsYamlDotNet()
    {
        Type[] types = typeof(Scenario).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(Scenario).Namespace).ToArray();
        Assert.Contains(typeof(ScenarioLoader), types);

        var leaks = new List<string>();
        foreach (Type t in types)
        {
            foreach (MemberInfo m in t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                IEnumerable<Type> used = m switch
                {
                    PropertyInfo p => new[] { p.PropertyType },
                    FieldInfo f => new[] { f.FieldType },
                    MethodBase b => b.GetParameters().Select(x => x.ParameterType).Concat(b is MethodInfo mi ? new[] { mi.ReturnType } : Array.Empty<Type>()),
                    _ => Array.Empty<Type>(),
                };
                leaks.AddRange(used.Where(u => u.FullName?.Contains("YamlDotNet", StringComparison.Ordinal) == true || u.GenericTypeArguments.Any(g => g.Assembly.GetName().Name == "YamlDotNet"))
                    .Select(u => $"{t.Name}.{m.Name}: {u}"));
            }

            Assert.NotEqual("YamlDotNet", t.BaseType?.Assembly.GetName().Name);
        }

        Assert.Empty(leaks);
    }
}
