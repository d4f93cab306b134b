package io.tfdrift.runtime;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every plugin jar's class loader: it shows the JDK (through the platform loader) and
 * the classes of {@code io.tfdrift.api} and its subpackages (through tfdrift's own loader), and
 * nothing else — not tfdrift's implementation, not its dependencies, not their resources. A plugin
 * thus links against exactly the API it compiled against, and may bundle any library in any version
 * without clashing with ours.
 */
final class ApiOnlyClassLoader extends ClassLoader {
  private static final String API = "io.tfdrift.api.";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader tfdrift;

  ApiOnlyClassLoader(ClassLoader tfdrift) {
    super("tfdrift-api", ClassLoader.getPlatformClassLoader());
    this.tfdrift = tfdrift;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(API)) {
      return tfdrift.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }

  @Override
  protected URL findResource(String name) {
    return null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    return Collections.emptyEnumeration();
  }
}
